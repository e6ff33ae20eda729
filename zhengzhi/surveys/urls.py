from django.urls import path, re_path

from zhengzhi.surveys import views

app_name = "surveys"
urlpatterns = [
    path("", views.survey_list, name="list"),
    path("new/", views.survey_new, name="new"),
    path("<int:pk>/", views.survey_detail, name="detail"),
    path("<int:pk>/questions/", views.question_add, name="question_add"),
    path(
        "<int:pk>/questions/<int:question_pk>/remove/",
        views.question_remove,
        name="question_remove",
    ),
    path("<int:pk>/publish/", views.survey_publish, name="publish"),
    path("<int:pk>/close/", views.survey_close, name="close"),
    re_path(r"^(?P<pk>[0-9]+)/qr\.(?P<fmt>svg|png)$", views.survey_qr, name="qr"),
]
