from django.urls import path

from zhengzhi.workcal import views

app_name = "workcal"
urlpatterns = [
    path("", views.year_page, name="year"),
    path("<int:pk>/remove/", views.remove, name="remove"),
]
