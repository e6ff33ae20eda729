from django.urls import path

from zhengzhi.inspections.views import (
    checklist_edit,
    checklists,
    followups,
    plans,
    results,
    vectors,
    visits,
)

app_name = "inspections"

urlpatterns = [
    path("", visits.today, name="today"),
    path("sw.js", visits.service_worker, name="service_worker"),
    path("plans/", plans.plan_list, name="plans"),
    path("plans/new/", plans.new_plan, name="new_plan"),
    path("plans/<int:pk>/", plans.plan_page, name="plan"),
    path("plans/<int:pk>/visits/", plans.make_visits, name="make_visits"),
    path("plans/<int:pk>/release/", plans.release, name="release"),
    path("plans/<int:pk>/add-visit/", plans.add_point_visit, name="add_visit"),
    path("visits/<int:pk>/", visits.visit_page, name="visit"),
    path("visits/<int:pk>/report/", visits.visit_report, name="report"),
    path("results/", results.results_page, name="results"),
    path("results/export.xlsx", results.results_export, name="results_export"),
    path("results/failures/", results.failures_page, name="failures"),
    path("missed/", followups.missed_page, name="missed"),
    path("rules/", followups.rules_page, name="rules"),
    path("vectors/", vectors.vectors_page, name="vectors"),
    path("checklists/", checklists.checklist_list, name="checklists"),
    path("checklists/<int:pk>/", checklists.checklist_page, name="checklist"),
    path("checklists/<int:pk>/edit/", checklist_edit.checklist_edit, name="checklist_edit"),
]
