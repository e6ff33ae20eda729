from django.urls import path

from zhengzhi.standards.views import browse, edit, gap, values

app_name = "standards"
urlpatterns = [
    path("", browse.version_list, name="list"),
    path("<int:pk>/", browse.version_detail, name="version"),
    path("<int:pk>/copy/", browse.version_copy, name="copy"),
    path("<int:pk>/prerequisites/copy/", browse.prerequisites_copy, name="prerequisites_copy"),
    path("<int:pk>/pass-line/", browse.pass_line, name="pass_line"),
    path("indicators/<int:pk>/", edit.indicator_edit, name="indicator_edit"),
    path("measures/<int:pk>/edit/", edit.measure_edit, name="measure_edit"),
    path("measures/", values.measure_list, name="measures"),
    path("measures/<int:pk>/", values.measure_detail, name="measure"),
    path("measures/<int:pk>/enter/", values.value_enter, name="enter"),
    path("measures/<int:pk>/fill/", values.fill_from_facts, name="fill"),
    path("values/<int:pk>/confirm/", values.value_confirm, name="confirm"),
    path("values/<int:pk>/return/", values.value_return, name="return"),
    path("campaigns/<int:pk>/", gap.gap_page, name="gap"),
    path("campaigns/<int:pk>/setup/", gap.campaign_setup, name="campaign_setup"),
]
