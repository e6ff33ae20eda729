from django.urls import path

from zhengzhi.system import views

app_name = "system"
urlpatterns = [
    path("system/", views.system, name="system"),
]
