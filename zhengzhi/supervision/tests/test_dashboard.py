"""The dashboard's figures are the ledger list's counts of their own links; a unit leader
sees their unit's page and nothing of the others'."""

import datetime as dt
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.db import connection
from django.urls import reverse

from zhengzhi.conftest import local
from zhengzhi.ledger.models import Problem
from zhengzhi.ledger.selectors import filter_problems

pytestmark = [pytest.mark.django_db, pytest.mark.time_machine(local(2026, 12, 5, 10))]
DASH = reverse("supervision:dashboard")


def listed(user, url: str) -> int:
    """What the ledger list shows for a link: its own filters' count."""
    return filter_problems(user, dict(parse_qsl(urlsplit(url).query))).count()


def test_every_figure_equals_the_ledgers_count_of_its_link(client, facts, staff):
    from django.utils import timezone

    from zhengzhi.supervision.dashboard import figures
    from zhengzhi.supervision.dashboard.panels import View

    admin, now = staff["admin"], timezone.now()
    head = figures.headline(admin, now)
    assert {k: f.count for k, f in head.items()} == {
        "open": 3, "overdue": 2, "due_soon": 0, "new": 4, "closed": 1,
    }  # fmt: skip
    for f in head.values():
        assert f.count == listed(admin, f.url)
    daily = figures.daily(admin, now)
    bars = [p for series in daily["series"].values() for p in series]
    assert sum(p["n"] for p in daily["series"]["new"]) == 4
    assert sum(p["n"] for p in daily["series"]["overdue"]) == 2
    for p in bars:
        assert p["n"] == listed(admin, p["url"]), p["url"]
    cats = figures.by_category(admin)
    assert sum(c["n"] for c in cats) == 3
    for c in cats:
        assert c["n"] == listed(admin, c["url"])
    units = figures.by_unit(admin, now)
    assert {(u["name"], u["n"], u["overdue"]) for u in units} == {
        ("柳岸社区", 1, 1),
        ("桃园社区", 2, 1),
    }
    for u in units:
        assert u["n"] == listed(admin, u["url"]) and u["overdue"] == listed(admin, u["overdue_url"])
    weeks = figures.on_time_weekly(admin, now)
    for w in weeks:
        assert w["on_time"] == listed(admin, w["on_time_url"])
        assert w["late"] == listed(admin, w["late_url"])
    assert sum(w["on_time"] + w["late"] for w in weeks) == 1
    assert View(admin, now).unit_id is None


def test_the_map_groups_every_open_problem_and_colours_the_overdue(client, facts, staff):
    client.force_login(staff["leader"])
    url = reverse("supervision:map_data")
    for zoom in (3, 12, 15):
        data = client.get(url, {"z": zoom, "bbox": "119,29,121,31"}).json()
        assert sum(c["n"] for c in data["clusters"]) == 3
        assert sum(c["overdue"] for c in data["clusters"]) == 2
    points = client.get(url, {"z": 18, "bbox": "119,29,121,31"}).json()["points"]
    assert sorted(p["overdue"] for p in points) == [False, True, True]
    assert client.get(url, {"z": 3, "bbox": "121,29,119,31"}).status_code == 400
    assert client.get(url, {"z": "x", "bbox": "119,29,121,31"}).json()["error"].startswith("z:")


def test_the_office_dashboard_page_and_its_charts(
    client, facts, staff, django_assert_max_num_queries
):
    client.force_login(staff["leader"])
    with django_assert_max_num_queries(25):
        html = client.get(DASH).content.decode()
    for panel in (
        "dash-headline",
        "dash-map-card",
        "dash-charts",
        "dash-countdown",
        "dash-bulletin",
    ):
        assert f'id="{panel}"' in html
    data = client.get(reverse("supervision:charts")).json()
    assert set(data) == {"daily", "categories", "on_time", "units"}


def test_a_unit_leader_sees_only_their_units_page(client, facts, leaders):
    c1 = leaders["c1_leader"]
    client.force_login(c1)
    html = client.get(DASH).content.decode()
    assert 'id="dash-unit-overdue"' in html and 'id="dash-campaigns"' not in html
    assert f"unit={c1.unit_id}" in html
    assert facts["overdue"].number in html and facts["other"].number not in html
    # Asking for another unit's charts or map gives their own unit's figures.
    other = leaders["c2_leader"].unit_id
    data = client.get(reverse("supervision:charts"), {"unit": other}).json()
    assert "units" not in data
    assert sum(c["n"] for c in data["categories"]) == 1  # c1's one open problem
    clusters = client.get(
        reverse("supervision:map_data"), {"z": 3, "bbox": "119,29,121,31", "unit": other}
    ).json()["clusters"]
    assert sum(c["n"] for c in clusters) == 1


def test_handlers_have_no_dashboard(client, staff):
    client.force_login(staff["handler"])
    assert client.get(DASH).status_code == 404
    assert client.get(reverse("supervision:charts")).status_code == 404


def test_the_home_page_shows_the_dashboard_to_leaders_and_unit_leaders(client, facts, leaders):
    client.force_login(leaders["leader"])
    html = client.get(reverse("portal:home")).content.decode()
    assert 'id="home-summary"' in html and 'id="dash-map-card"' in html
    assert 'id="dash-headline"' not in html  # today's summary already gives them
    client.force_login(leaders["c2_leader"])
    html = client.get(reverse("portal:home")).content.decode()
    assert 'id="dash-headline"' in html and 'id="dash-unit-items"' in html
    assert 'id="chart-daily"' in html and 'id="chart-unit"' not in html


def test_open_is_the_lists_open_and_the_partial_indexs_condition():
    from zhengzhi.ledger.models import Problem, Status
    from zhengzhi.ledger.selectors.filters import FINISHED_STATUSES
    from zhengzhi.supervision.dashboard.figures import open_q

    unfinished = [s for s in Status.values if s not in FINISHED_STATUSES]
    assert open_q().children == [("status__in", unfinished)]
    index = next(i for i in Problem._meta.indexes if i.name == "problem_unfinished")
    assert index.condition.children == [("status__in", unfinished)]


def test_a_timestamp_counts_on_its_local_day(new_problem):
    from zhengzhi.supervision.dashboard.figures import local_day

    early, late = new_problem(), new_problem()
    Problem.objects.filter(pk=early.pk).update(closed_at=local(2026, 12, 5, 0, 30))  # UTC: 4th
    Problem.objects.filter(pk=late.pk).update(closed_at=local(2026, 12, 5, 23, 30))
    start, end = local(2026, 12, 1), local(2026, 12, 8)
    days = (
        Problem.objects.filter(pk__in=[early.pk, late.pk])
        .annotate(day=local_day("closed_at", start, end))
        .order_by("pk")
        .values_list("day", flat=True)
    )
    assert list(days) == [dt.date(2026, 12, 5), dt.date(2026, 12, 5)]


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's plan")
def test_the_on_time_rate_reads_the_closed_problems_index_alone(staff):
    """At a million problems SQLite took 200 ms fetching each closed row for closed_on_time;
    the index of the closed problems holds it (ledger migration 0012)."""
    from zhengzhi.supervision.dashboard.figures import closures_query

    plan = closures_query(staff["admin"], local(2026, 12, 6, 10)).explain()
    assert "COVERING INDEX problem_closed" in plan, plan


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's planner only")
def test_the_open_problems_are_grouped_from_the_unfinished_index_on_sqlite(people):
    """Grouping by category or unit, SQLite walks that column's index over the whole ledger
    (3 s at a million problems) unless the key is taken out of its reach: the plan must read
    the unfinished problems' index and group them in a temporary tree."""
    from django.utils import timezone

    from zhengzhi.supervision.dashboard import figures

    # The planner decides by the table's statistics: give it those of the bench's million
    # problems (30,452 open), as ANALYZE wrote them there.
    stats = [
        ("ledger_problem_category_id_610d9c3c", "1000000 20409"),
        ("ledger_problem_community_id_ad83e2b9", "1000000 5000"),
        ("ledger_problem_grid_id_453b5dc7", "1000000 1000000"),
        ("ledger_problem_main_category_id_1d54e23a", "1000000 55556"),
        ("ledger_problem_master_id_9b1f96ae", "1000000 1000000"),
        ("ledger_problem_owner_unit_id_1ca2da66", "1000000 4695"),
        ("ledger_problem_reported_at_5e961597", "1000000 1"),
        ("ledger_problem_reported_by_id_70ee7032", "1000000 5000"),
        ("ledger_problem_street_id_a5d2c98a", "1000000 50000"),
        ("ledger_problem_supporting_unit_id_c65dc344", "1000000 125000"),
        ("problem_category", "1000000 20409 1"),
        ("problem_closed", "918799 1 1"),
        ("problem_grid", "1000000 1000000 1"),
        ("problem_owner", "1000000 4695 967 1"),
        ("problem_owner_closed", "1000000 4695 1"),
        ("problem_owner_due", "1000000 4695 1"),
        ("problem_recent", "1000000 1 1"),
        ("problem_status_due", "1000000 111112 1"),
        ("problem_support", "1000000 125000 13889"),
        ("problem_unfinished", "30452 5076 1 1 1 1 1"),
        ("problem_unfinished_sqlite", "1000000 111112 1 1 1 1 1"),
        ("sqlite_autoindex_ledger_problem_1", "1000000 1"),
    ]
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
        cursor.execute("DELETE FROM sqlite_stat1 WHERE tbl = 'ledger_problem'")
        for index, stat in stats:
            cursor.execute(
                "INSERT INTO sqlite_stat1 (tbl, idx, stat) VALUES ('ledger_problem', %s, %s)",
                [index, stat],
            )
        cursor.execute("ANALYZE sqlite_schema")
    for column, now in (("main_category_id", None), ("owner_unit_id", timezone.now())):
        plan = figures.open_counts_query(people["admin"], None, column, now).explain()
        assert "COVERING INDEX problem_unfinished_sqlite" in plan, plan
        assert "main_category_id" not in plan and "owner_unit_id" not in plan, plan
