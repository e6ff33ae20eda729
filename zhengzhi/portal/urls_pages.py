from django.urls import path

from zhengzhi.portal import views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("i18n/setlang/", views.set_language, name="set_language"),
]
