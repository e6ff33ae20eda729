from django.http import HttpResponse
from django.urls import path

app_name = "org"


def _todo(request):
    return HttpResponse("todo")


urlpatterns = [
    path("units/", _todo, name="unit_list"),
]
