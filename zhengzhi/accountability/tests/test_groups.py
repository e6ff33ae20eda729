"""Supervision groups: a group's page shows its members, areas and powers, and the joint and
open inspection plans its members run in its areas with their visits; a unit sees the groups
covering it only."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from zhengzhi.accountability.models import SupervisionGroup
from zhengzhi.inspections.models import ChecklistVersion, Plan, Visit
from zhengzhi.inspections.tests.conftest import checklists, shipped  # noqa: F401

pytestmark = pytest.mark.django_db


def test_a_groups_page_and_its_scope(client, units, staff, checklists):  # noqa: F811
    group = SupervisionGroup.objects.create(
        name="第一督导组", leader="张组长", powers="督查、督办、约谈"
    )
    group.areas.set([units["c1"]])
    group.members.set([staff["inspector"]])
    now = timezone.now()
    plan = Plan.objects.create(
        name="联合检查（柳岸）", kind="joint", unit=units["office"], starts_on=now.date(),
        ends_on=now.date() + dt.timedelta(days=7), created_at=now,
    )  # fmt: skip
    plan.team.set([staff["inspector"]])
    plan.units.set([units["c1"]])
    other = Plan.objects.create(
        name="自查", kind="self", unit=units["office"], starts_on=now.date(),
        ends_on=now.date(), created_at=now,
    )  # fmt: skip
    other.team.set([staff["inspector"]])
    other.units.set([units["c1"]])
    Visit.objects.create(
        plan=plan, checklist_version=ChecklistVersion.objects.first(), unit=units["c1"],
        inspector=staff["inspector"], due_on=now.date(), status="submitted", submitted_at=now,
        percent=88, failures=2,
    )  # fmt: skip
    client.force_login(staff["handler"])  # c1
    assert "第一督导组" in client.get(reverse("accountability:groups")).content.decode()
    page = client.get(reverse("accountability:group", args=[group.pk])).content.decode()
    assert "联合检查（柳岸）" in page and "自查" not in page and "88" in page
    client.force_login(staff["c2_handler"])
    assert "第一督导组" not in client.get(reverse("accountability:groups")).content.decode()
    assert client.get(reverse("accountability:group", args=[group.pk])).status_code == 404
