from django.urls import path

from zhengzhi.sites.views import edit, kinds, lists, site

urlpatterns = [
    path("", lists.site_list, name="list"),
    path("export.xlsx", lists.export, name="export"),
    path("map/", lists.site_map, name="map"),
    path("map/points.json", lists.map_points, name="map_points"),
    path("new/", edit.new_site, name="new"),
    path("kinds/", kinds.kind_list, name="kinds"),
    path("kinds/new/", kinds.kind_new, name="kind_new"),
    path("kinds/<int:pk>/", kinds.kind_edit, name="kind_edit"),
    path("<int:pk>/", site.site_page, name="site"),
    path("<int:pk>/edit/", edit.edit_site, name="edit"),
    path("<int:pk>/status/", edit.change_status, name="status"),
    path("<int:pk>/watch/", edit.change_watch, name="watch"),
    path("<int:pk>/licences/", edit.licence_add, name="licence_add"),
    path("<int:pk>/licences/renew/", edit.licence_renew, name="licence_renew"),
]
