"""The office's settings pages (list rules, consequence rules, supervision groups): listed,
created, edited, deactivated; a form sent back with its errors keeps what was typed; every
change audited; a unit's user gets "not found" on every one of them."""

import re

import pytest
from django.urls import reverse

from zhengzhi.accountability.models import ConsequenceRule, ListRule, SupervisionGroup
from zhengzhi.audit.models import AuditEvent

pytestmark = pytest.mark.django_db
KINDS = ("list-rules", "consequence-rules", "groups")


def test_a_unit_gets_404_on_every_settings_page(client, leaders):
    rule = ListRule.objects.create(name="月度黑旗", label="黑旗", board="black", basis="inspection")
    client.force_login(leaders["c1_leader"])
    for kind in KINDS:
        assert client.get(reverse("accountability:settings", args=[kind])).status_code == 404
        assert client.get(reverse("accountability:setting_new", args=[kind])).status_code == 404
    url = reverse("accountability:setting_edit", args=["list-rules", rule.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"name": "x"}).status_code == 404
    active = reverse("accountability:setting_active", args=["list-rules", rule.pk])
    assert client.post(active, {"active": "0"}).status_code == 404
    rule.refresh_from_db()
    assert rule.is_active and rule.name == "月度黑旗"
    client.force_login(leaders["admin"])
    assert client.get(reverse("accountability:settings", args=["nothing"])).status_code == 404
    missing = reverse("accountability:setting_edit", args=["groups", 999999])
    assert client.get(missing).status_code == 404


def test_the_office_creates_edits_and_deactivates_a_list_rule(client, leaders):
    client.force_login(leaders["admin"])
    new = reverse("accountability:setting_new", args=["list-rules"])
    data = {
        "name": "卫生示范街", "label": "卫生示范街", "board": "red", "subject": "site",
        "basis": "assessment", "level": "community", "frequency": "monthly", "places": "3",
        "threshold": "", "is_active": "on", "plan_kinds": ["joint"],
    }  # fmt: skip
    page = client.post(new, data)
    assert page.status_code == 200 and not ListRule.objects.filter(name="卫生示范街").exists()
    html = page.content.decode()
    assert 'value="卫生示范街"' in html, html[html.find("<form") : html.find("</form>")]
    assert re.search(r'value="joint"[^>]*checked', html)  # what was typed is kept
    data["basis"] = "inspection"
    assert client.post(new, data).status_code == 302
    rule = ListRule.objects.get(name="卫生示范街")
    assert (rule.subject, rule.plan_kinds, rule.places) == ("site", ["joint"], 3)
    edit = reverse("accountability:setting_edit", args=["list-rules", rule.pk])
    assert client.post(edit, {**data, "places": "0"}).status_code == 200  # refused
    assert client.post(edit, {**data, "places": "5"}).status_code == 302
    rule.refresh_from_db()
    assert rule.places == 5
    listing = client.get(reverse("accountability:settings", args=["list-rules"]))
    assert f'id="row-{rule.pk}"' in listing.content.decode()
    client.post(
        reverse("accountability:setting_active", args=["list-rules", rule.pk]), {"active": "0"}
    )
    rule.refresh_from_db()
    assert not rule.is_active
    actions = list(
        AuditEvent.objects.filter(object_id=str(rule.pk), action__startswith="accountability.list_rule")
        .order_by("pk")
        .values_list("action", flat=True)
    )  # fmt: skip
    assert actions == [
        "accountability.list_rule.saved",
        "accountability.list_rule.saved",
        "accountability.list_rule.deactivated",
    ]


def test_a_consequence_rule_parses_its_actions_and_keeps_bad_lines(client, leaders):
    client.force_login(leaders["admin"])
    new = reverse("accountability:setting_new", args=["consequence-rules"])
    bad = {"name": "黑旗两次", "streak": "2", "is_active": "on", "actions_text": "村干部 罚款"}
    page = client.post(new, bad)
    assert page.status_code == 200 and "村干部 罚款" in page.content.decode()
    good = {**bad, "actions_text": "村干部 | 每人罚款200元 | 200\n包村站所｜作书面检查"}
    assert client.post(new, good).status_code == 302
    rule = ConsequenceRule.objects.get(name="黑旗两次")
    assert rule.actions == [
        {"who": "村干部", "what": "每人罚款200元", "amount": 200},
        {"who": "包村站所", "what": "作书面检查"},
    ]
    edit = client.get(reverse("accountability:setting_edit", args=["consequence-rules", rule.pk]))
    assert "村干部 | 每人罚款200元 | 200" in edit.content.decode()


def test_the_office_makes_a_group_with_members_and_areas(client, leaders, units):
    client.force_login(leaders["admin"])
    new = reverse("accountability:setting_new", args=["groups"])
    data = {"name": "第一督导组", "leader": "张组长", "powers": "督查、督办", "is_active": "on",
            "members": [leaders["inspector"].pk]}  # fmt: skip
    page = client.post(new, data)  # no area
    assert page.status_code == 200 and 'value="第一督导组"' in page.content.decode()
    data["areas"] = [units["c1"].pk, units["c2"].pk]
    assert client.post(new, data).status_code == 302
    group = SupervisionGroup.objects.get()
    assert set(group.areas.all()) == {units["c1"], units["c2"]}
    assert list(group.members.all()) == [leaders["inspector"]]
    assert AuditEvent.objects.filter(action="accountability.group.saved").count() == 1


def test_the_settings_list_query_count_does_not_grow(
    client, leaders, units, django_assert_max_num_queries
):
    client.force_login(leaders["admin"])
    url = reverse("accountability:settings", args=["groups"])

    def make(n):
        for i in range(n):
            g = SupervisionGroup.objects.create(name=f"督导组{i}")
            g.areas.set([units["c1"]])
            g.members.set([leaders["inspector"]])

    make(2)
    with django_assert_max_num_queries(12) as few:
        client.get(url)
    make(20)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)
