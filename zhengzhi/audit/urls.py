from django.http import HttpResponse
from django.urls import path

app_name = "audit"


def _todo(request):
    return HttpResponse("todo")


urlpatterns = [
    path("", _todo, name="event_list"),
]
