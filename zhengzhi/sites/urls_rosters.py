from django.urls import path

from zhengzhi.sites import views_rosters as views

urlpatterns = [
    path("", views.roster_home, name="roster_home"),
    path("template/<slug:code>.xlsx", views.roster_template, name="roster_template"),
    path("upload/<str:token>/columns/", views.roster_mapping, name="roster_mapping"),
    path("upload/<str:token>/", views.roster_check, name="roster_check"),
    path("imports/<int:pk>/", views.roster_import, name="roster_import"),
    path("surveys/", views.survey_list, name="survey_list"),
    path("surveys/new/", views.survey_create, name="survey_create"),
    path("surveys/<int:pk>/", views.survey_status, name="survey_status"),
]
