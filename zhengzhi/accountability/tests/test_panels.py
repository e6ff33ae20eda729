"""The groups on their areas' pages (org.registry unit panels) and the dashboard's panel of
open records: each figure equals the rows its link lists; a unit sees only its own; the panel's
queries do not grow with the records."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from zhengzhi.accountability.dashboard import open_records
from zhengzhi.accountability.models import Record, RecordKind, RecordStatus, SupervisionGroup
from zhengzhi.supervision.dashboard.panels import View

pytestmark = pytest.mark.django_db
AT = timezone.make_aware(dt.datetime(2026, 11, 20, 9))


def test_a_group_appears_on_the_pages_of_its_areas(client, leaders, units):
    street = SupervisionGroup.objects.create(
        name="第一督导组", leader="张组长", powers="督查、督办"
    )
    street.areas.set([units["street"]])
    other = SupervisionGroup.objects.create(name="第二督导组")
    other.areas.set([units["c2"]])
    SupervisionGroup.objects.create(name="已撤销组", is_active=False).areas.set([units["c1"]])
    client.force_login(leaders["admin"])

    def groups_on(unit):
        page = client.get(reverse("org:unit_detail", args=[unit.pk])).content.decode()
        if 'id="unit-groups"' not in page:
            return []
        return re.findall(r'/accountability/groups/\d+/">([^<]+)<', page)

    assert groups_on(units["street"]) == ["第一督导组"]
    assert groups_on(units["c1"]) == ["第一督导组"]  # through its street
    assert groups_on(units["c2"]) == ["第一督导组", "第二督导组"]
    assert groups_on(units["other_street"]) == []
    client.force_login(leaders["c1_leader"])  # a unit reads the groups covering it
    assert groups_on(units["c1"]) == ["第一督导组"]


def _record(unit, kind, status, n=None):
    issued = status != RecordStatus.PROPOSED
    return Record.objects.create(
        kind=kind, unit=unit, status=status, basis="依据", proposed_at=AT,
        year=2026 if issued else None, number=n, approved_at=AT if issued else None,
    )  # fmt: skip


@pytest.fixture
def open_set(units):
    c1, c2 = units["c1"], units["c2"]
    _record(c1, RecordKind.SHEET, RecordStatus.PROPOSED)
    _record(c1, RecordKind.SHEET, RecordStatus.PROPOSED)
    _record(c2, RecordKind.YELLOW_CARD, RecordStatus.PROPOSED)
    _record(c1, RecordKind.SHEET, RecordStatus.DISMISSED)
    _record(c1, RecordKind.LETTER, RecordStatus.ISSUED, 1)
    _record(c2, RecordKind.LETTER, RecordStatus.ISSUED, 2)
    _record(c2, RecordKind.TALK, RecordStatus.ISSUED, 1)
    _record(c1, RecordKind.LETTER, RecordStatus.ANSWERED, 3)


def _rows(client, url) -> int:
    page = client.get(url).content.decode()
    section = page[page.index('id="records"') :]
    return len(re.findall(r'<tr><td><a href="/accountability/\d+/"', section))


def _figures(p):
    out = {}
    for r in p["rows"]:
        out[str(r["label"])] = (r["proposed"], r["issued"])
    return out


def test_the_office_sees_proposals_and_unanswered_records_each_linking_to_its_rows(
    client, leaders, open_set
):
    p = open_records(View(leaders["admin"], AT))
    assert p["office"]
    assert sorted(_figures(p).values()) == sorted([(2, 0), (0, 2), (1, 0), (0, 1)])
    client.force_login(leaders["admin"])
    for r in p["rows"]:
        if r["proposed"]:
            assert _rows(client, r["proposed_url"]) == r["proposed"]
        if r["issued"]:
            assert _rows(client, r["issued_url"]) == r["issued"]
    dashboard = client.get(reverse("supervision:dashboard")).content.decode()
    assert 'id="dash-accountability"' in dashboard and "status=proposed&amp;kind=sheet" in dashboard


def test_a_unit_sees_only_its_own_unanswered_records(client, leaders, units, open_set):
    user = leaders["c1_leader"]
    p = open_records(View(user, AT, [units["c1"].pk], [units["c1"].pk]))
    assert not p["office"]
    (row,) = p["rows"]
    assert (row["proposed"], row["issued"]) == (0, 1) and "letter" in row["issued_url"]
    client.force_login(user)
    assert _rows(client, row["issued_url"]) == 1
    page = client.get(reverse("supervision:dashboard")).content.decode()
    assert 'id="dash-accountability"' in page and "status=proposed" not in page


def test_the_panel_is_one_query_whatever_the_records(
    leaders, units, open_set, django_assert_max_num_queries
):
    view = View(leaders["admin"], AT)
    with django_assert_max_num_queries(3) as few:
        open_records(view)
    for n in range(4, 30):
        _record(units["c2"], RecordKind.SHEET, RecordStatus.ISSUED, n)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert open_records(view)["rows"]
