from django.urls import path

from zhengzhi.surveys import views_public

app_name = "survey_public"
urlpatterns = [path("<str:code>/", views_public.answer, name="answer")]
