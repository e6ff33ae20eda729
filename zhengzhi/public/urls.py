"""The citizen's pages (no login). /report/nearby belongs to urls_office (the duplicates)."""

from django.urls import path

from zhengzhi.public import views, views_review

app_name = "public"
urlpatterns = [
    path("report", views.report, name="report"),
    path("report/sent/<str:code>", views.sent, name="sent"),
    path("report/map", views.public_map, name="map"),
    path("report/map/problems.json", views.map_problems, name="map_problems"),
    path("report/areas.json", views.areas, name="areas"),
    path("report/where", views.where, name="where"),
    path("track", views.track_lookup, name="track_lookup"),
    path("track/<str:code>", views.track, name="track"),
    path("track/<str:code>/rate", views.rate, name="rate"),
    path("track/<str:code>/photos/<uuid:file_id>", views.track_photo, name="track_photo"),
    path(
        "track/<str:code>/photos/<uuid:file_id>/thumb",
        views.track_photo,
        {"thumb": True},
        name="track_thumb",
    ),
    # The office's answer to a "not satisfied" (login required).
    path("public/office/problems/<int:pk>/rating-reviewed/", views_review.review, name="review"),
]
