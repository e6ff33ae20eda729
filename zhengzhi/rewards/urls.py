from django.urls import path

from zhengzhi.rewards import views

app_name = "rewards"
urlpatterns = [
    path("", views.register, name="register"),
    path("export.xlsx", views.export, name="export"),
    path("new/", views.propose, name="propose"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/decide/", views.decide, name="decide"),
    path("<int:pk>/pay/", views.pay, name="pay"),
]
