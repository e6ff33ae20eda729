from django.urls import path

from zhengzhi.ledger import views

urlpatterns = [
    path("", views.queue, name="queue"),
    path("batch/dispatch/", views.batch_dispatch, name="batch_dispatch"),
    path("problems/", views.ledger_list, name="list"),
    path("problems/count/", views.ledger_count, name="list_count"),
    path("problems/new/", views.record, name="new"),
    path("problems/<int:pk>/", views.detail, name="detail"),
    path("problems/<int:pk>/act/<slug:move>/", views.act, name="act"),
]
