from django.urls import path

from zhengzhi.cases.views import case, lists, records

app_name = "cases"

urlpatterns = [
    path("", lists.case_list, name="list"),
    path("new/", case.new_case, name="new"),
    path("major/", lists.major_list, name="major"),
    path("rechecks/", lists.recheck_list, name="rechecks"),
    path("rechecks/<int:pk>/record/", case.recheck, name="recheck"),
    path("operations/", records.operations, name="operations"),
    path("destructions/", records.destructions, name="destructions"),
    path("tables/", records.tables, name="tables"),
    path("tables/export.<str:fmt>", records.tables_export, name="tables_export"),
    path("tables/figures/", records.figures, name="figures"),
    path("major/threshold/", records.threshold, name="threshold"),
    path("transfers/<int:pk>/outcome/", case.outcome, name="outcome"),
    path("consequences/<int:pk>/", case.consequence, name="consequence"),
    path("<int:pk>/", case.case_page, name="detail"),
    path("<int:pk>/advance/", case.advance, name="advance"),
    path("<int:pk>/pay/", case.pay, name="pay"),
    path("<int:pk>/transfer/", case.transfer, name="transfer"),
]
