from django.urls import path

from zhengzhi.files import views

app_name = "files"
urlpatterns = [
    path("", views.upload, name="upload"),
    path("<uuid:pk>/", views.serve, name="serve"),
    path("<uuid:pk>/thumb/", views.thumb, name="thumb"),
]
