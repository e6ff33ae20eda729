from django.urls import path

from zhengzhi.supervision.views import dashboard, editions, late_reports, reviews

app_name = "supervision"
urlpatterns = [
    path("", dashboard.dashboard, name="dashboard"),
    path("charts.json", dashboard.charts, name="charts"),
    path("map.json", dashboard.map_data, name="map_data"),
    path("editions/", editions.edition_list, name="editions"),
    path("series/new/", editions.series_edit, name="series_new"),
    path("series/<int:pk>/", editions.series_edit, name="series_edit"),
    path("series/<int:series_pk>/editions/new/", editions.edition_new, name="edition_new"),
    path("editions/<int:pk>/", editions.edition_detail, name="edition"),
    path("editions/<int:pk>/edit/", editions.edition_edit, name="edition_edit"),
    path("editions/<int:pk>/issue/", editions.edition_issue, name="edition_issue"),
    path("editions/<int:pk>/redraft/", editions.edition_redraft, name="edition_redraft"),
    path("editions/<int:pk>/pdf/retry/", editions.edition_pdf_retry, name="pdf_retry"),
    path("editions/<int:pk>/document.<str:kind>", editions.edition_document, name="document"),
    path("late-reports/", late_reports.late_report_list, name="late_reports"),
    path("reviews/", reviews.review_dates, name="reviews"),
]
