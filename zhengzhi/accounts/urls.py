from django.http import HttpResponse
from django.urls import path

app_name = "accounts"


def _todo(request):
    return HttpResponse("todo")


urlpatterns = [
    path("login/", _todo, name="login"),
    path("logout/", _todo, name="logout"),
    path("profile/", _todo, name="profile"),
    path("password/", _todo, name="password_change"),
    path("users/", _todo, name="user_list"),
]
