from django.urls import path

from zhengzhi.territory import views

app_name = "territory"

urlpatterns = [
    path("map/", views.map_page, name="map"),
    path("map/data/", views.map_data_view, name="map_data"),
    path("map/where/", views.where, name="where"),
    path("map/streets/", views.streets, name="streets"),
    path("grids/", views.grid_list, name="grid_list"),
    path("grids/new/", views.grid_create, name="grid_create"),
    path("grids/import/", views.import_page, name="import"),
    path("grids/<int:pk>/", views.grid_detail, name="grid_detail"),
    path("grids/<int:pk>/edit/", views.grid_edit, name="grid_edit"),
]
