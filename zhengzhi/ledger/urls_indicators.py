from django.urls import path

from zhengzhi.ledger import views_indicators

urlpatterns = [
    path("ranking/", views_indicators.ranking, name="ranking"),
    path("ranking/weights/", views_indicators.weights_edit, name="ranking_weights"),
]
