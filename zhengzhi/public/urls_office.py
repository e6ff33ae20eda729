"""The office's reporter and duplicate pages, and the public form's nearby-reports partial."""

from django.urls import path

from zhengzhi.public import views_office as views

app_name = "public_office"
urlpatterns = [
    path("report/nearby", views.nearby, name="nearby"),
    path("public/office/reports/<int:pk>/reveal/", views.reveal, name="reveal"),
    path("public/office/problems/<int:pk>/duplicates/", views.candidates, name="candidates"),
]
