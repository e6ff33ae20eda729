from django.http import HttpResponse
from django.urls import path

app_name = "notifications"


def _todo(request):
    return HttpResponse("todo")


urlpatterns = [
    path("", _todo, name="inbox"),
]
