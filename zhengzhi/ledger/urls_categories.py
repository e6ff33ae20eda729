from django.urls import path

from zhengzhi.ledger.views import categories

urlpatterns = [
    path("categories/", categories.category_list, name="categories"),
    path("categories/<int:pk>/edit/", categories.category_edit, name="category_edit"),
    path("categories/<int:parent_pk>/new/", categories.category_create, name="category_new"),
]
