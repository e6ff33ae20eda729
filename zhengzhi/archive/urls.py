from django.urls import path

from zhengzhi.archive.views import exports, item, table, upload

app_name = "archive"
urlpatterns = [
    path("", table.campaign_list, name="list"),
    path("<int:pk>/", table.table, name="table"),
    path("<int:pk>/build/", table.build, name="build"),
    path("<int:pk>/cycle/", table.cycle, name="cycle"),
    path("<int:pk>/completeness/", table.completeness_view, name="completeness"),
    path("items/<int:pk>/", item.duty_detail, name="duty"),
    path("items/<int:pk>/assign/", item.duty_assign, name="assign"),
    path("items/<int:pk>/requirements/", item.requirement_add, name="requirement_add"),
    path("requirements/<int:pk>/upload/", upload.evidence_upload, name="upload"),
    path("evidence/<int:pk>/accept/", item.evidence_accept, name="accept"),
    path("evidence/<int:pk>/return/", item.evidence_return, name="return"),
    path("<int:pk>/table.<str:fmt>", exports.table_export, name="table_export"),
    path("<int:pk>/exports/", exports.export_page, name="exports"),
    path("<int:pk>/exports/start/", exports.start, name="export_start"),
    path("exports/<int:job_id>/", exports.download, name="export_download"),
]
