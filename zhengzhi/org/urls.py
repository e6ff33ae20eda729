from django.urls import path

from zhengzhi.org.views import imports, units

app_name = "org"

urlpatterns = [
    path("units/", units.unit_list, name="unit_list"),
    path("units/new/", units.unit_create, name="unit_create"),
    path("units/import/", imports.unit_import, name="unit_import"),
    path("units/import/template.xlsx", imports.unit_import_template, name="unit_import_template"),
    path("units/<int:pk>/", units.unit_detail, name="unit_detail"),
    path("units/<int:pk>/edit/", units.unit_edit, name="unit_edit"),
    path("units/<int:pk>/deactivate/", units.unit_deactivate, name="unit_deactivate"),
    path("units/<int:pk>/reactivate/", units.unit_reactivate, name="unit_reactivate"),
]
