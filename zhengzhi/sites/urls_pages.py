from django.urls import path

from zhengzhi.sites import views_placeholder

# PLACEHOLDER (rosters branch): the pages work replaces this module.
urlpatterns: list = [path("<int:pk>/", views_placeholder.site, name="site")]
