"""Vector density grades against the C-level limits shipped as data, at their limits: a value
on a "≤" limit meets it, one just over does not; a "<" limit is not met at the value itself;
a limit DOMAIN.md does not confirm is shown as such, and one with no value is not judged."""

import datetime as dt
from decimal import Decimal

import pytest

from zhengzhi.inspections.models import VectorCheck
from zhengzhi.inspections.services.errors import InspectionError
from zhengzhi.inspections.services.vectors import (
    fly_rooms_allowed,
    grade,
    limits,
    period_grade,
    record_check,
)


def D(**counts):
    return {k: Decimal(str(v)) for k, v in counts.items()}


def _index(result, code):
    return next(r for r in result.results if r.index == code)


@pytest.mark.parametrize(
    ("positive", "km", "meets"),
    [(8, 10, True), (81, 100, False), (0, 10, True)],
)
def test_mosquito_route_index_at_its_limit(positive, km, meets):
    result = grade("mosquito", D(small_water_positive=positive, km_walked=km))
    assert _index(result, "small_water_route_index").meets is meets
    assert result.grade == ("C" if meets else "<C")


def test_a_strict_limit_is_not_met_at_its_value():
    at = grade("mosquito", D(dips=100, positive_dips=5, larvae_in_positive_dips=40))
    assert _index(at, "positive_dip_rate").meets is True  # 5% ≤ 5%
    larvae = _index(at, "larvae_per_positive_dip")
    assert (larvae.value, larvae.meets, larvae.confirmed) == (Decimal("8.00"), False, False)
    assert at.grade == "<C" and at.unconfirmed
    below = grade("mosquito", D(dips=100, positive_dips=5, larvae_in_positive_dips=39))
    assert below.grade == "C"


@pytest.mark.parametrize(
    ("rooms", "with_flies", "flies", "grade_"),
    [(100, 9, 27, "C"), (1000, 91, 100, "<C"), (100, 9, 28, "<C")],
)
def test_fly_rooms_and_flies_per_room_at_their_limits(rooms, with_flies, flies, grade_):
    result = grade(
        "fly", D(rooms=rooms, rooms_with_flies=with_flies, flies_in_positive_rooms=flies)
    )
    assert result.grade == grade_
    assert _index(result, "room_positive_rate").confirmed


def test_any_fly_in_food_premises_fails():
    assert grade("fly", D(food_premises_flies=0)).grade == "C"
    assert grade("fly", D(food_premises_flies=1)).grade == "<C"


def test_cockroaches_and_rats_with_unconfirmed_limits():
    roaches = grade("cockroach", D(rooms=100, rooms_infested=5, rooms_oothecae=50))
    assert roaches.grade == "C" and roaches.unconfirmed  # 5% ≤ 5% (P)
    ootheca = _index(roaches, "ootheca_rate")
    assert ootheca.value == Decimal("50.00") and ootheca.meets is None  # no C-level value (U)
    assert grade("cockroach", D(rooms=1000, rooms_infested=51)).grade == "<C"
    rats = grade("rat", D(rooms=200, rooms_with_traces=10, km_walked=2, outdoor_traces=9))
    assert rats.grade == "C" and _index(rats, "outdoor_route_index").meets is None
    assert grade("rat", D(rooms=1000, rooms_with_traces=51)).grade == "<C"
    assert grade("rat", D()).grade == ""  # nothing to judge


def test_every_limit_carries_its_tag():
    for row in limits()["limits"]:
        assert row["status"] in ("V", "P", "U") and row["source"]
        assert (row["limit"] is None) == (row["status"] == "U")


def test_rooms_with_flies_allowed_by_premises_size():
    assert [fly_rooms_allowed(n) for n in (10, 11, 30, 31, 60, 61, 500)] == [0, 1, 1, 3, 3, 6, 6]


@pytest.mark.django_db
def test_checks_recorded_and_a_periods_grade(staff, units):
    c1 = units["c1"]
    day = dt.date(2026, 6, 10)
    for with_flies in (4, 6):  # 10 of 100 rooms over the month: 10% > 9%
        record_check(
            actor=staff["admin"],
            vector="fly",
            unit=c1,
            checked_on=day,
            counts={"rooms": "50", "rooms_with_flies": str(with_flies)},
        )
    checks = VectorCheck.objects.filter(unit=c1, vector="fly")
    assert [c.grade for c in checks.order_by("id")] == ["C", "<C"]
    assert period_grade("fly", checks).grade == "<C"
    with pytest.raises(InspectionError):
        record_check(
            actor=staff["admin"],
            vector="fly",
            unit=c1,
            checked_on=day,
            counts={"rooms": "5", "rooms_with_flies": "6"},
        )
    with pytest.raises(InspectionError):
        record_check(
            actor=staff["admin"], vector="rat", unit=c1, checked_on=day, counts={"rooms": "-1"}
        )
    with pytest.raises(InspectionError):
        record_check(
            actor=staff["other_handler"],
            vector="rat",
            unit=c1,
            checked_on=day,
            counts={"rooms": "10"},
        )


@pytest.mark.django_db
def test_the_vector_page_records_a_check_and_shows_unconfirmed_limits(
    staff, units, as_user, django_assert_max_num_queries
):
    client = as_user(staff["admin"])
    response = client.post(
        "/inspections/vectors/?vector=cockroach",
        {
            "vector": "cockroach",
            "unit": units["c1"].pk,
            "checked_on": "2026-06-10",
            "rooms": "100",
            "rooms_infested": "6",
        },
    )
    assert response.status_code == 302
    assert VectorCheck.objects.get().grade == "<C"
    for _n in range(3):
        record_check(
            actor=staff["admin"],
            vector="cockroach",
            unit=units["c1"],
            checked_on=dt.date(2026, 6, 11),
            counts={"rooms": "10"},
        )
    with django_assert_max_num_queries(12):
        page = client.get("/inspections/vectors/?vector=cockroach").content.decode()
    assert "蜚蠊卵鞘查获率" in page and 'id="vector-checks"' in page
    # Another unit's handler sees none of c1's checks.
    other = as_user(staff["other_handler"]).get("/inspections/vectors/?vector=cockroach")
    assert other.status_code == 200 and "06-10" not in other.content.decode()
    assert as_user(staff["admin"]).get("/inspections/vectors/?vector=bats").status_code == 404


@pytest.mark.django_db
def test_the_api_grades_a_check_and_refuses_bad_counts(staff, units, as_user):
    client = as_user(staff["admin"])
    body = {
        "vector": "mosquito",
        "unit": units["c1"].pk,
        "checked_on": "2026-06-10",
        "counts": {"km_walked": "2.5", "small_water_positive": "2"},
    }
    response = client.post("/api/v1/inspections/vectors", body, content_type="application/json")
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["check"]["grade"] == "C"  # 0.8 per km: on the limit
    route = next(i for i in data["indices"] if i["index"] == "small_water_route_index")
    assert (route["value"], route["status"], route["meets"]) == ("0.80", "V", True)
    bad = {**body, "counts": {"dips": "3", "positive_dips": "4"}}
    refused = client.post("/api/v1/inspections/vectors", bad, content_type="application/json")
    assert refused.status_code == 422 and "positive_dips" in refused.json()["detail"]
    other = as_user(staff["other_handler"])
    assert (
        other.post("/api/v1/inspections/vectors", body, content_type="application/json").status_code
        == 404
    )
    assert other.get("/api/v1/inspections/vectors").json()["items"] == []
