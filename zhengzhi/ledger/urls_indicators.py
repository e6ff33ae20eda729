from django.urls import path

from zhengzhi.ledger import views_indicators, views_ranking

urlpatterns = [
    path("ranking/", views_indicators.ranking, name="ranking"),
    path("ranking/export.xlsx", views_ranking.ranking_export, name="ranking_export"),
    path("ranking/print/", views_ranking.ranking_print, name="ranking_print"),
    path("ranking/weights/", views_indicators.weights_edit, name="ranking_weights"),
]
