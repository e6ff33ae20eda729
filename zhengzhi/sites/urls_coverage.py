from django.urls import path

from zhengzhi.sites import views_coverage as views

urlpatterns = [
    path("", views.coverage_page, name="coverage"),
    path("sites/", views.never_contacted, name="coverage_sites"),
    path("export.xlsx", views.coverage_export, name="coverage_export"),
    path("watch/", views.watch_proposals, name="watch_proposals"),
    path("watch/rule/", views.watch_rule, name="watch_rule"),
    path("watch/run/", views.watch_run, name="watch_run"),
    path("watch/<int:pk>/", views.watch_decide, name="watch_decide"),
]
