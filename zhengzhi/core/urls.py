from django.urls import path

from zhengzhi.core import views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("system/", views.system, name="system"),
    path("i18n/setlang/", views.set_language, name="set_language"),
]
