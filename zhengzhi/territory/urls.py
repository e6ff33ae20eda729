from django.http import HttpResponse
from django.urls import path

app_name = "territory"


def _todo(request):
    return HttpResponse("todo")


urlpatterns = [
    path("map/", _todo, name="map"),
    path("grids/", _todo, name="grid_list"),
]
