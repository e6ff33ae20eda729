"""Mounted at /open311/: the GeoReport v2 endpoints under v2/, the office's pages under office/."""

from django.urls import path, re_path

from zhengzhi.open311 import views, views_office

app_name = "open311"
urlpatterns = [
    path("discovery.<str:fmt>", views.discovery, name="discovery"),
    path("v2/services.<str:fmt>", views.services, name="services_api"),
    path("v2/services/<str:code>.<str:fmt>", views.service_definition, name="service_api"),
    path("v2/requests.<str:fmt>", views.service_requests, name="requests_api"),
    path("v2/requests/<str:request_id>.<str:fmt>", views.service_request, name="request_api"),
    path("v2/tokens/<str:token>.<str:fmt>", views.token, name="token_api"),
    # Anything else under v2/ answers the spec's error list, not an HTML page.
    re_path(r"^v2/.*?(?:\.(?P<fmt>json|xml))?$", views.not_found, name="not_found_api"),
    path("office/keys/", views_office.keys, name="keys"),
    path("office/keys/issue/", views_office.key_issue, name="key_issue"),
    path("office/keys/<int:pk>/revoke/", views_office.key_revoke, name="key_revoke"),
    path("office/services/", views_office.services, name="services"),
    path("office/services/load/", views_office.load_questions, name="load_questions"),
    path("office/services/<str:code>/", views_office.service_questions, name="service_questions"),
    path("office/questions/<int:pk>/", views_office.question_edit, name="question_edit"),
    path("office/questions/<int:pk>/delete/", views_office.question_delete, name="question_delete"),
]
