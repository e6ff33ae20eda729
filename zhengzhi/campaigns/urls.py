from django.urls import include, path

from zhengzhi.campaigns import views

app_name = "campaigns"
urlpatterns = [
    path("", views.campaign_list, name="list"),
    path("new/", views.wizard_pick, name="new"),
    path("new/<slug:key>/", views.wizard_plan, name="new_plan"),
    path("templates/", views.template_list, name="templates"),
    path("templates/edit/", views.template_edit, name="template_edit"),
    path("templates/<slug:key>.json", views.template_download, name="template_download"),
    path("report/", views.report_home, name="report"),
    path("report/<int:assignment_id>/", views.report_form, name="report_form"),
    path("reports/<int:report_id>/correct/", views.report_correct, name="report_correct"),
    path("<int:pk>/", views.campaign_detail, name="detail"),
    path("<int:pk>/status/", views.campaign_status, name="status"),
    path("<int:pk>/edit/", views.campaign_edit, name="edit"),
    path("<int:pk>/phases/", views.campaign_phases, name="phases"),
    path("<int:pk>/group/", views.campaign_group, name="group"),
    path("<int:pk>/documents/", views.campaign_document, name="document"),
    path("<int:pk>/pledges/", views.pledges, name="pledges"),
    path("<int:pk>/export-template/", views.campaign_export_template, name="export_template"),
    path("<int:pk>/tasks/new/", views.task_create, name="task_new"),
    path("<int:pk>/tasks/<int:task_id>/", views.task_detail, name="task"),
    path("<int:pk>/tasks/<int:task_id>/edit/", views.task_edit, name="task_edit"),
    path("<int:pk>/tasks/<int:task_id>/budget/", views.task_budget, name="task_budget"),
    path("<int:pk>/tasks/<int:task_id>/units/", views.task_units, name="task_units"),
    path("<int:pk>/tasks/<int:task_id>/milestones/", views.task_milestones, name="task_milestones"),
    path("<int:pk>/sheet/", views.sheet, name="sheet"),
    path("<int:pk>/sheet.xlsx", views.sheet_xlsx, name="sheet_xlsx"),
    path("<int:pk>/sheet.docx", views.sheet_docx, name="sheet_docx"),
    path("", include("zhengzhi.campaigns.urls_exports")),
]
