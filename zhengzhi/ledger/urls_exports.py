"""Excel pages of the ledger: exports (with their background jobs) and the sheet import."""

from django.urls import path

from zhengzhi.ledger import views_exports as views

urlpatterns = [
    path("exports/", views.export_page, name="export"),
    path("exports/jobs/", views.export_jobs, name="export_jobs"),
    path("exports/<int:pk>/download/", views.export_download, name="export_download"),
    path("import/", views.import_page, name="import"),
    path("import/template/", views.import_template, name="import_template"),
]
