"""The offline base map file (zhengzhi.core.tiles), mounted at /tiles/ by the portal."""

from django.urls import path

from zhengzhi.core import tiles

app_name = "tiles"

urlpatterns = [
    path("basemap.pmtiles", tiles.pmtiles_file, name="pmtiles"),
    path("<int:z>/<int:x>/<int:y>", tiles.mbtiles_tile, name="tile"),
]
