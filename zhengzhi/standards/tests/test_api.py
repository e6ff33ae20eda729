"""/api/v1/standards: scoped like the pages; bad input is 4xx, never 500."""

import pytest

from zhengzhi.standards.models import IndicatorValue, Measure, StandardVersion
from zhengzhi.standards.tests.conftest import Y2024, confirmed

pytestmark = pytest.mark.django_db
API = "/api/v1/standards"


def test_versions_and_their_tree(shipped, people, as_user):
    client = as_user(people["handler"])
    versions = client.get(f"{API}/versions").json()
    assert {v["code"] for v in versions} == {"gwcs-2014", "gwcs-2021", "gwxc-covert"}
    v2014 = StandardVersion.objects.get(code="gwcs-2014")
    tree = client.get(f"{API}/versions/{v2014.pk}").json()
    assert len(tree["prerequisites"]) == 11 and tree["categories"][0]["name"] == "爱国卫生组织管理"
    assert client.get(f"{API}/versions/999999").status_code == 404


def test_entering_and_confirming_through_the_api(greening, people, units, as_user):
    client = as_user(people["dept_handler"])
    url = f"{API}/measures/{greening.pk}/values"
    answer = client.post(
        url,
        {"unit_id": units["dept"].pk, "period": "2024-01-01", "value": "32.03"},
        content_type="application/json",
    )
    assert answer.status_code == 201, answer.content
    value_id = answer.json()["id"]
    bad = client.post(
        url,
        {"unit_id": units["dept"].pk, "period": "2024-01-01", "value": "33"},
        content_type="application/json",
    )
    assert bad.status_code == 409, bad.content  # not a correction of the current value: stale
    bad = client.post(
        url,
        {"unit_id": units["dept"].pk, "period": "2023-01-01", "value": "x"},
        content_type="application/json",
    )
    assert bad.status_code == 422
    bad = client.post(
        url,
        {"unit_id": units["dept"].pk, "period": "2023-01-01", "value": "1", "document_id": "nope"},
        content_type="application/json",
    )
    assert bad.status_code == 422
    assert (
        client.post(
            url,
            {"unit_id": units["c1"].pk, "period": "2023-01-01", "value": "1"},
            content_type="application/json",
        ).status_code
        == 404
    )
    assert client.post(f"{API}/values/{value_id}/confirm").status_code == 403
    admin = as_user(people["admin"])
    assert admin.post(f"{API}/values/{value_id}/confirm").json()["status"] == "confirmed"
    assert len(admin.get(url).json()) == 1


def test_values_and_measures_are_scoped(greening, people, units, as_user):
    confirmed(people["admin"], greening, units["dept"], Y2024, "30")
    park = Measure.objects.get(code="park_area_per_capita")
    client = as_user(people["other_handler"])
    assert client.get(f"{API}/measures").json() == []
    assert client.get(f"{API}/measures/{greening.pk}/values").status_code == 404
    value = IndicatorValue.objects.get()
    assert client.post(f"{API}/values/{value.pk}/confirm").status_code == 404
    dept = as_user(people["dept_handler"])
    assert dept.get(f"{API}/measures/{park.pk}/values").status_code == 404


def test_the_gap_in_the_api(sanitary, people, units, as_user):
    confirmed(
        people["admin"], Measure.objects.get(code="green_coverage"), units["dept"], Y2024, "32.03"
    )
    gap = as_user(people["admin"]).get(f"{API}/campaigns/{sanitary.pk}/gap").json()
    assert gap["verdict"] == "fails"
    green = next(i for i in gap["indicators"] if i["name"] == "建成区绿化覆盖率")
    assert green["outcome"] == "not_met" and green["distance"] == "3.97"
    assert (
        as_user(people["other_handler"]).get(f"{API}/campaigns/{sanitary.pk}/gap").status_code
        == 404
    )
