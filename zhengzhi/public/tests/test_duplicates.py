"""Candidate duplicates by distance, kind and time: for the citizen while filling in the form
(/report/nearby) and for the dispatcher on the problem page, where merging keeps every report."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from zhengzhi.ledger.models import Problem, Status
from zhengzhi.ledger.services import moves
from zhengzhi.public.duplicates import distance_m, find_duplicates
from zhengzhi.public.models import PublicReport

pytestmark = pytest.mark.django_db

LON, LAT = 120.005, 30.005
# Metres to degrees at latitude 30°: a handful of metres east and north.
M_LON = 1 / (111_320 * 0.8660254)
M_LAT = 1 / 111_320


def east(m):
    return LON + m * M_LON


def test_the_distance_is_the_great_circle_distance():
    assert distance_m(LON, LAT, LON, LAT) == 0
    assert distance_m(LON, LAT, east(40), LAT) == pytest.approx(40, abs=0.2)
    assert distance_m(LON, LAT, LON, LAT + 100 * M_LAT) == pytest.approx(100, abs=0.3)
    # Beijing to Shanghai, about 1067 km.
    assert distance_m(116.4074, 39.9042, 121.4737, 31.2304) == pytest.approx(1_067_000, rel=0.01)


def test_same_kind_within_the_radius_nearest_first(new_problem, categories):
    near = new_problem(category="0101", lon=east(30), lat=LAT)
    nearer = new_problem(category="0101", lon=east(10), lat=LAT)
    new_problem(category="0101", lon=east(49.5 * 1.5), lat=LAT)  # ~74 m: outside 50 m
    new_problem(category="0102", lon=east(5), lat=LAT)  # another kind
    new_problem(category="0101", lon=None, lat=None, address="柳岸路")  # no point
    found = find_duplicates(categories["0101"], LON, LAT)
    assert [c.problem.pk for c in found] == [nearer.pk, near.pk]
    assert found[0].distance_m == pytest.approx(10, abs=0.2)
    assert found[1].distance_label == "30" and all(c.same_category for c in found)
    wider = find_duplicates(categories["0101"], LON, LAT, radius_m=100)
    assert len(wider) == 3


def test_the_main_category_is_a_weaker_match_when_asked(new_problem, categories):
    same = new_problem(category="0101", lon=east(40), lat=LAT)
    sibling = new_problem(category="0102", lon=east(5), lat=LAT)  # same main category 01
    new_problem(category="0401", lon=east(3), lat=LAT)  # another main category
    found = find_duplicates(categories["0101"], LON, LAT, related=True)
    assert [(c.problem.pk, c.same_category) for c in found] == [
        (same.pk, True),
        (sibling.pk, False),
    ]


def test_open_or_closed_in_the_last_30_days_only(new_problem, categories, staff):
    now = timezone.now()
    reported = new_problem(category="0101", lon=east(1), lat=LAT)
    registered = moves.register(
        new_problem(category="0101", lon=east(2), lat=LAT).pk, actor=staff["dispatcher"]
    )
    recent = new_problem(category="0101", lon=east(3), lat=LAT)
    old = new_problem(category="0101", lon=east(4), lat=LAT)
    rejected = new_problem(category="0101", lon=east(5), lat=LAT)
    merged = new_problem(category="0101", lon=east(6), lat=LAT)
    Problem.objects.filter(pk=recent.pk).update(
        status=Status.CLOSED, closed_at=now - dt.timedelta(days=29)
    )
    Problem.objects.filter(pk=old.pk).update(
        status=Status.CLOSED, closed_at=now - dt.timedelta(days=31)
    )
    moves.reject(rejected.pk, actor=staff["dispatcher"], reason="不属实")
    moves.merge(merged.pk, actor=staff["dispatcher"], master_id=reported.pk)
    found = {c.problem.pk for c in find_duplicates(categories["0101"], LON, LAT)}
    assert found == {reported.pk, registered.pk, recent.pk}
    # `now` moves the window: ten days on, the recent one is past it too.
    later = {
        c.problem.pk
        for c in find_duplicates(categories["0101"], LON, LAT, now=now + dt.timedelta(days=10))
    }
    assert later == {reported.pk, registered.pk}


def test_the_problem_itself_is_left_out_and_bad_points_find_nothing(new_problem, categories):
    p = new_problem(category="0101", lon=LON, lat=LAT)
    assert [c.problem for c in find_duplicates(categories["0101"], LON, LAT)] == [p]
    assert find_duplicates(categories["0101"], LON, LAT, exclude_id=p.pk) == []
    assert find_duplicates(categories["0101"], float("nan"), LAT) == []
    assert find_duplicates(categories["0101"], LON, float("inf")) == []


def test_the_search_is_one_query_however_many_candidates(
    new_problem, categories, django_assert_num_queries
):
    for i in range(8):
        new_problem(category="0101", lon=east(i * 5), lat=LAT)
    with django_assert_num_queries(1):
        found = find_duplicates(categories["0101"], LON, LAT, related=True)
        assert [c.problem.category.name for c in found]  # names come with the query
    assert len(found) == 8


# ---- /report/nearby (the public form) -----------------------------------------------------


def nearby(client, **params):
    return client.get(reverse("public_office:nearby"), params)


def test_the_public_form_sees_nearby_reports_without_personal_data(client, public_report):
    report, _ = public_report(
        name="欧阳秘密", phone="13987654321", email="mimi@example.cn", description="我家楼下门口"
    )
    client.cookies["django_language"] = "en"
    response = nearby(client, category="0101", lon=east(20), lat=LAT)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Already reported nearby" in html and "20 m away" in html and "Received" in html
    for leak in (
        "欧阳",
        "13987654321",
        "4321",
        "mimi@",
        report.tracking_code,
        "我家楼下门口",
        report.problem.number,
    ):
        assert leak not in html


def test_nothing_nearby_is_an_empty_answer(client, public_report):
    public_report()
    assert nearby(client, category="0101", lon=east(200), lat=LAT).content.strip() == b""
    assert nearby(client, category="0102", lon=LON, lat=LAT).content.strip() == b""


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"category": "0101"},
        {"category": "0101", "lon": "abc", "lat": "30"},
        {"category": "0101", "lon": "nan", "lat": "30"},
        {"category": "0101", "lon": "1e999", "lat": "30"},
        {"category": "0101", "lon": "500", "lat": "30"},
        {"category": "nope", "lon": str(LON), "lat": str(LAT)},
        {"category": "01", "lon": str(LON), "lat": str(LAT)},  # a main category
        {"category": "x" * 5000, "lon": str(LON), "lat": str(LAT)},
        {"category": "01\x0001", "lon": str(LON), "lat": str(LAT)},
    ],
)
def test_bad_input_on_the_nearby_partial_is_never_an_error(client, public_report, params):
    public_report()
    response = nearby(client, **params)
    assert response.status_code == 200 and response.content.strip() == b""


def test_a_category_closed_to_the_public_is_not_searched(client, public_report, categories):
    public_report()
    categories["0101"].is_public = False
    categories["0101"].save()
    assert nearby(client, category="0101", lon=LON, lat=LAT).content.strip() == b""


# ---- the dispatcher's problem page ----------------------------------------------------------


def detail(problem):
    return reverse("ledger:detail", args=[problem.pk])


def test_the_dispatcher_sees_candidates_with_distance_and_a_merge_button(
    client, public_report, staff
):
    first, _ = public_report()
    second, _ = public_report(point=(east(12), LAT), description="门口垃圾没人管")
    client.force_login(staff["dispatcher"])
    client.cookies["django_language"] = "en"
    html = client.get(detail(second.problem)).content.decode()
    assert 'id="duplicates"' in html and "12 m" in html and first.problem.number in html
    assert reverse("ledger:act", args=[second.problem.pk, "merge"]) in html
    assert f'name="master" value="{first.problem.number}"' in html


@pytest.mark.parametrize("who", ["handler", "dept_handler", "leader", "inspector", "followup"])
def test_no_one_else_is_offered_a_merge(client, public_report, staff, who):
    first, _ = public_report()
    second, _ = public_report(point=(east(12), LAT))
    client.force_login(staff[who])
    html = client.get(detail(second.problem)).content.decode()
    assert 'id="duplicates"' not in html
    url = reverse("public_office:candidates", args=[second.problem.pk])
    assert client.get(url).status_code == 404


def test_a_wider_radius_is_one_htmx_request_away(client, public_report, staff):
    first, _ = public_report()
    second, _ = public_report(point=(east(150), LAT))
    client.force_login(staff["dispatcher"])
    client.cookies["django_language"] = "en"
    url = reverse("public_office:candidates", args=[second.problem.pk])
    assert first.problem.number not in client.get(url).content.decode()
    html = client.get(url, {"radius": "200"}).content.decode()
    assert first.problem.number in html and "150 m" in html
    for bad in ("7", "abc", "100000"):  # anything but the offered radii: the default
        assert client.get(url, {"radius": bad}).status_code == 200


def test_merging_from_the_page_keeps_every_report_and_counts_them(client, public_report, staff):
    first, _ = public_report(name="张三", phone="13811112222")
    second, _ = public_report(point=(east(12), LAT), name="李四", phone="13933334444")
    client.force_login(staff["dispatcher"])
    response = client.post(
        reverse("ledger:act", args=[second.problem.pk, "merge"]),
        {"master": first.problem.number, "version": second.problem.version},
    )
    assert response.status_code == 302
    second.problem.refresh_from_db()
    first.problem.refresh_from_db()
    assert second.problem.status == Status.MERGED and second.problem.master_id == first.problem.pk
    assert first.problem.report_count == 2
    # Both reports and their reporters are kept; the merged one follows the master.
    assert PublicReport.objects.filter(pk__in=[first.pk, second.pk]).count() == 2
    client.cookies["django_language"] = "en"
    html = client.get(detail(first.problem)).content.decode()
    assert "reported 2 times" in html and "李*" in html and "张*" in html
    # Not a candidate of itself any more; the merged problem is no candidate either.
    assert 'id="duplicates"' in html and f'value="{second.problem.number}"' not in html


def test_the_problem_page_stays_within_its_query_budget(
    client, public_report, staff, django_assert_max_num_queries
):
    first, _ = public_report()
    for i in range(6):
        public_report(point=(east(3 + i * 5), LAT))
    client.force_login(staff["dispatcher"])
    with django_assert_max_num_queries(20):
        assert client.get(detail(first.problem)).status_code == 200


def test_the_nearby_box_speaks_chinese_by_default(client, public_report):
    public_report()
    html = nearby(client, category="0101", lon=east(20), lat=LAT).content.decode()
    assert "附近已有人反映" in html and "距此 20 米" in html
    assert "Already reported" not in html and " m away" not in html
