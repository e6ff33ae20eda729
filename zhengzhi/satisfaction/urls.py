from django.urls import path

from zhengzhi.satisfaction import views

app_name = "satisfaction"
urlpatterns = [
    path("", views.rates, name="rates"),
    path("problems/", views.problems, name="problems"),
    path("calls/", views.queue, name="queue"),
    path("calls/<int:pk>/", views.call, name="call"),
    path("calls/<int:pk>/reveal/<int:report_pk>/", views.reveal, name="reveal"),
]
