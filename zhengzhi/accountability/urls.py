from django.urls import path

from zhengzhi.accountability import groups, lists_views, report_views, settings_views, views
from zhengzhi.accountability.assessment import views as assessment

app_name = "accountability"
urlpatterns = [
    path("", views.record_list, name="records"),
    path("propose/", views.propose_now, name="propose"),
    path("rules/", views.rules, name="rules"),
    path("rules/new/", views.rule_edit, name="rule_new"),
    path("rules/<int:pk>/", views.rule_edit, name="rule_edit"),
    path("<int:pk>/", views.record_detail, name="record"),
    path("<int:pk>/issue/", views.record_issue, name="issue"),
    path("<int:pk>/dismiss/", views.record_dismiss, name="dismiss"),
    path("<int:pk>/respond/", views.record_respond, name="respond"),
    path("<int:pk>/document.docx", views.record_document, name="document"),
    path("lists/", lists_views.lists, name="lists"),
    path("lists/propose/", lists_views.propose_now, name="lists_propose"),
    path("lists/entries/<int:pk>/", lists_views.entry_decide, name="entry_decide"),
    path("lists/consequences/<int:pk>/", lists_views.consequence_decide, name="consequence_decide"),
    path("settings/<slug:kind>/", settings_views.setting_list, name="settings"),
    path("settings/<slug:kind>/new/", settings_views.setting_edit, name="setting_new"),
    path("settings/<slug:kind>/<int:pk>/", settings_views.setting_edit, name="setting_edit"),
    path(
        "settings/<slug:kind>/<int:pk>/active/",
        settings_views.setting_active,
        name="setting_active",
    ),
    path("groups/", groups.groups, name="groups"),
    path("groups/<int:pk>/", groups.group, name="group"),
    path("reports/", report_views.reports, name="reports"),
    path("reports/<int:pk>/", report_views.report_detail, name="report"),
    path("reports/<int:pk>/<slug:action>/", report_views.report_action, name="report_action"),
    path("reports/<int:pk>.<str:kind>", report_views.report_file, name="report_file"),
    path("assessment/", assessment.assessment, name="assessment"),
    path("assessment/<int:pk>/", assessment.assessment, name="assessment_of"),
    path("assessment/<int:pk>/finalise/", assessment.finalise, name="assessment_finalise"),
    path("assessment/<int:pk>/edit/", assessment.scheme_edit, name="assessment_scheme"),
    path(
        "assessment/<int:pk>/units/<int:unit_id>/", assessment.unit_points, name="assessment_unit"
    ),
]
