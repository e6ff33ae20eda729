from django.urls import include, path

app_name = "sites"

# Three modules so that pages, rosters and coverage grow apart: every name is sites:<name>.
urlpatterns = [
    path("", include("zhengzhi.sites.urls_pages")),
    path("rosters/", include("zhengzhi.sites.urls_rosters")),
    path("coverage/", include("zhengzhi.sites.urls_coverage")),
]
