"""The office's edit pages: only the office opens them; a save changes the campaign or task and
leaves an audit row; a refused save keeps what was typed; a save over a newer version (stale)
says so, keeps what was typed and saves nothing."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from zhengzhi.audit.models import AuditEvent
from zhengzhi.campaigns.models import Campaign, Task
from zhengzhi.campaigns.services import campaigns as campaign_services
from zhengzhi.campaigns.services.reports import submit_report
from zhengzhi.campaigns.services.tasks import update_task
from zhengzhi.campaigns.tests.conftest import END, START, at

STALE = "Someone changed this meanwhile"


def login(client, user):
    client.cookies["django_language"] = "en"
    client.force_login(user)
    return client


def rows(prefix: str, items: list[dict], initial: int = 0) -> dict:
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(items)),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "40",
    }
    for i, item in enumerate(items):
        for key, value in item.items():
            data[f"{prefix}-{i}-{key}"] = value
    return data


def audits(action: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=action).order_by("seq"))


def urls(campaign) -> dict[str, str]:
    c, t = campaign.pk, campaign.task.pk
    return {
        "edit": reverse("campaigns:edit", args=[c]),
        "phases": reverse("campaigns:phases", args=[c]),
        "group": reverse("campaigns:group", args=[c]),
        "task_new": reverse("campaigns:task_new", args=[c]),
        "task_edit": reverse("campaigns:task_edit", args=[c, t]),
        "task_budget": reverse("campaigns:task_budget", args=[c, t]),
        "task_units": reverse("campaigns:task_units", args=[c, t]),
        "task_milestones": reverse("campaigns:task_milestones", args=[c, t]),
    }


# -- who may ----------------------------------------------------------------------------------


def test_only_the_office_opens_the_edit_pages(client, campaign, staff):
    login(client, staff["admin"])
    for name, url in urls(campaign).items():
        r = client.get(url)
        assert r.status_code == 200, name
    detail = client.get(reverse("campaigns:detail", args=[campaign.pk])).content.decode()
    task = client.get(reverse("campaigns:task", args=[campaign.pk, campaign.task.pk]))
    assert 'id="edit-campaign"' in detail and 'id="edit-phases"' in detail
    assert 'id="task-edit-links"' in task.content.decode()
    # A reporting unit sees the campaign but changes nothing; a leader reads only; another
    # street does not see it at all.
    for who in ("handler", "leader", "other_handler"):
        client.logout()
        login(client, staff[who])
        for name, url in urls(campaign).items():
            assert client.get(url).status_code == 404, (who, name)
            assert client.post(url, {"version": "1", "name": "x"}).status_code == 404
    login(client, staff["handler"])
    detail = client.get(reverse("campaigns:detail", args=[campaign.pk])).content.decode()
    assert "edit-campaign" not in detail and "edit-phases" not in detail
    task = client.get(reverse("campaigns:task", args=[campaign.pk, campaign.task.pk]))
    assert "task-edit-links" not in task.content.decode()
    campaign.refresh_from_db()
    assert campaign.name == "河道违建拆除攻坚行动"


def test_a_task_of_another_campaign_is_not_found(client, campaign, staff, units):
    other = campaign_services.create_campaign(
        campaign_services.CampaignData(
            name="另一行动",
            kind="other",
            scope_unit=units["street"],
            office_unit=units["office"],
            starts_on=START,
            ends_on=END,
        ),
        actor=staff["admin"],
    )
    login(client, staff["admin"])
    url = reverse("campaigns:task_edit", args=[other.pk, campaign.task.pk])
    assert client.get(url).status_code == 404


# -- the campaign's details -------------------------------------------------------------------


def details(campaign, **changes) -> dict:
    data = {
        "name": campaign.name,
        "kind": campaign.kind,
        "goal": campaign.goal,
        "leading_group": campaign.leading_group,
        "starts_on": campaign.starts_on.isoformat(),
        "ends_on": campaign.ends_on.isoformat(),
        "version": str(campaign.version),
    }
    return {**data, **changes}


def test_campaign_details_saved_and_audited(client, campaign, staff, categories):
    login(client, staff["admin"])
    url = reverse("campaigns:edit", args=[campaign.pk])
    assert "0502" in client.get(url).content.decode()  # the category checkboxes
    r = client.post(
        url,
        details(
            campaign,
            name="河道违建拆除攻坚行动（第二轮）",
            goal="拆除存量违建",
            leading_group="区河道整治领导小组",
            ends_on="2026-07-15",
            categories=["0501", "0502"],
        ),
    )
    assert r.status_code == 302
    campaign.refresh_from_db()
    assert campaign.name == "河道违建拆除攻坚行动（第二轮）" and campaign.goal == "拆除存量违建"
    assert campaign.ends_on == dt.date(2026, 7, 15)
    assert sorted(campaign.categories.values_list("code", flat=True)) == ["0501", "0502"]
    (event,) = audits("campaign.update")
    assert event.data["categories"] == [[], ["0501", "0502"]]
    assert event.data["ends_on"] == ["2026-06-30", "2026-07-15"]
    r = client.get(reverse("campaigns:detail", args=[campaign.pk]))
    assert "区河道整治领导小组" in r.content.decode()


def test_campaign_details_refused_keep_what_was_typed(client, campaign, staff):
    login(client, staff["admin"])
    url = reverse("campaigns:edit", args=[campaign.pk])
    r = client.post(url, details(campaign, name="新名字", ends_on="2026-05-01"))
    assert r.status_code == 200
    body = r.content.decode()
    assert "The end comes before the start." in body and 'value="新名字"' in body
    # A shorter period that leaves a phase outside is refused by the service, naming it.
    r = client.post(url, details(campaign, name="新名字", ends_on="2026-06-15"))
    assert r.status_code == 200
    body = r.content.decode()
    assert "集中拆除" in body and "outside the campaign" in body and 'value="新名字"' in body
    campaign.refresh_from_db()
    assert campaign.name == "河道违建拆除攻坚行动" and not audits("campaign.update")


def test_campaign_details_stale(client, campaign, staff):
    login(client, staff["admin"])
    url = reverse("campaigns:edit", args=[campaign.pk])
    typed = details(campaign, name="我的名字", goal="我的目标")
    campaign_services.update_campaign(
        campaign.pk, {"name": "别人的名字"}, actor=staff["dispatcher"], version=campaign.version
    )
    r = client.post(url, typed)
    assert r.status_code == 200
    body = r.content.decode()
    assert STALE in body and 'id="stale"' in body
    assert 'value="我的名字"' in body and "我的目标" in body and "别人的名字" in body
    campaign.refresh_from_db()
    assert campaign.name == "别人的名字"
    assert f'name="version" value="{campaign.version}"' in body
    # Saving again over what is shown now is deliberate and goes through.
    r = client.post(url, {**typed, "version": str(campaign.version)})
    assert r.status_code == 302
    campaign.refresh_from_db()
    assert campaign.name == "我的名字"


# -- phases -----------------------------------------------------------------------------------


def phase_rows(campaign) -> list[dict]:
    return [
        {
            "pk": str(p.pk),
            "name": p.name,
            "starts_on": p.starts_on.isoformat(),
            "ends_on": p.ends_on.isoformat(),
            "aim": p.aim,
            "ORDER": str(i + 1),
        }
        for i, p in enumerate(campaign.phases.all())
    ]


def test_phases_renamed_reordered_added_removed(client, campaign, staff):
    first, second = campaign.phases.all()
    update_task(campaign.task.pk, {"phase_id": second.pk}, actor=staff["admin"], version=1)
    login(client, staff["admin"])
    items = phase_rows(campaign)
    items[1]["name"] = "集中拆除攻坚"  # renamed: its task keeps it
    items[1]["aim"] = "拆除全部存量违建"
    items[0]["ORDER"], items[1]["ORDER"] = "2", "1"  # the arrows put the second first
    items.append(
        {"name": "巩固提升", "starts_on": "2026-06-20", "ends_on": "2026-06-30", "ORDER": "3"}
    )
    items.append({"name": "", "starts_on": "", "ends_on": "", "ORDER": "4"})  # an empty row
    items[0]["DELETE"] = "on"
    data = {**rows("phases", items, initial=2), "version": str(campaign.version)}
    r = client.post(reverse("campaigns:phases", args=[campaign.pk]), data)
    assert r.status_code == 302
    phases = list(campaign.phases.all())
    assert [(p.name, p.order) for p in phases] == [("集中拆除攻坚", 0), ("巩固提升", 1)]
    assert phases[0].pk == second.pk and phases[0].aim == "拆除全部存量违建"
    campaign.task.refresh_from_db()
    assert campaign.task.phase_id == second.pk
    (event,) = audits("campaign.phases")
    assert [p[0] for p in event.data["phases"]] == ["集中拆除攻坚", "巩固提升"]


def test_a_phase_outside_the_period_is_named_and_input_kept(client, campaign, staff):
    login(client, staff["admin"])
    items = phase_rows(campaign)
    items[1]["ends_on"] = "2026-07-31"
    items[0]["name"] = "摸底排查（改）"
    items[0]["ORDER"], items[1]["ORDER"] = "2", "1"
    data = {**rows("phases", items, initial=2), "version": str(campaign.version)}
    r = client.post(reverse("campaigns:phases", args=[campaign.pk]), data)
    assert r.status_code == 200
    body = r.content.decode()
    assert "Phase “集中拆除” lies outside the campaign&#x27;s period" in body
    assert 'value="2026-07-31"' in body and 'value="摸底排查（改）"' in body
    # The rows come back in the order the office gave them.
    assert body.index('value="集中拆除"') < body.index('value="摸底排查（改）"')
    assert [p.name for p in campaign.phases.all()] == ["摸底排查", "集中拆除"]
    assert not audits("campaign.phases")


def test_phases_stale(client, campaign, staff):
    login(client, staff["admin"])
    items = phase_rows(campaign)
    items[0]["name"] = "宣传发动"
    data = {**rows("phases", items, initial=2), "version": str(campaign.version)}
    campaign_services.update_campaign(
        campaign.pk, {"goal": "新目标"}, actor=staff["dispatcher"], version=campaign.version
    )
    r = client.post(reverse("campaigns:phases", args=[campaign.pk]), data)
    assert r.status_code == 200
    body = r.content.decode()
    assert STALE in body and 'value="宣传发动"' in body and 'id="stale"' in body
    assert [p.name for p in campaign.phases.all()] == ["摸底排查", "集中拆除"]
    campaign.refresh_from_db()
    assert f'name="version" value="{campaign.version}"' in body


# -- the leading group ------------------------------------------------------------------------


def test_leading_group_saved_refused_and_stale(client, campaign, staff, units):
    login(client, staff["admin"])
    url = reverse("campaigns:group", args=[campaign.pk])
    items = [
        {"role": "leader", "person": "王强", "post": "副区长", "unit": "", "ORDER": "1"},
        {"role": "member", "person": "", "post": "", "unit": str(units["dept"].pk), "ORDER": "2"},
        {"role": "member", "person": "", "post": "", "unit": "", "ORDER": "3"},  # empty
    ]
    r = client.post(url, {**rows("group", items), "version": str(campaign.version)})
    assert r.status_code == 302
    assert [(m.role, m.person, m.unit_id) for m in campaign.group.all()] == [
        ("leader", "王强", None),
        ("member", "", units["dept"].pk),
    ]
    assert len(audits("campaign.group")) == 1
    campaign.refresh_from_db()
    # A role that is not one is refused next to it; what was typed stays.
    bad = [{"role": "boss", "person": "李四", "post": "", "unit": "", "ORDER": "1"}]
    r = client.post(url, {**rows("group", bad), "version": str(campaign.version)})
    assert r.status_code == 200 and 'value="李四"' in r.content.decode()
    assert "Select a valid choice" in r.content.decode()
    # Stale: another save in between.
    stale = [{"role": "deputy", "person": "赵六", "post": "", "unit": "", "ORDER": "1"}]
    r = client.post(url, {**rows("group", stale), "version": str(campaign.version - 1)})
    assert r.status_code == 200
    body = r.content.decode()
    assert STALE in body and 'value="赵六"' in body and "王强" in body
    assert campaign.group.count() == 2 and len(audits("campaign.group")) == 1


# -- tasks ------------------------------------------------------------------------------------


def task_fields(task: Task, **changes) -> dict:
    data = {
        "title": task.title,
        "content": task.content,
        "phase": str(task.phase_id or ""),
        "lead_unit": str(task.lead_unit_id),
        "supporting_units": [str(u.pk) for u in task.supporting_units.all()],
        "owner": task.owner,
        "leader_in_charge": task.leader_in_charge,
        "duty": task.duty,
        "staff": task.staff,
        "schedule": task.schedule,
        "deadline": task.deadline.isoformat(),
        "target": str(task.target),
        "measure": task.measure,
        "figure_label": task.figure_label,
        "budget_planned": "" if task.budget_planned is None else str(task.budget_planned),
        "budget_spent": "" if task.budget_spent is None else str(task.budget_spent),
        "frequency": task.frequency,
        "cutoffs": ", ".join(task.cutoffs),
        "report_weekday": str(task.report_weekday),
        "report_monthday": str(task.report_monthday),
        "version": str(task.version),
    }
    if task.is_key_project:
        data["is_key_project"] = "on"
    if task.workdays_only:
        data["workdays_only"] = "on"
    data.update(changes)
    return data


def test_task_edited_with_every_field(client, campaign, staff, units):
    task = campaign.task
    phase = campaign.phases.last()
    login(client, staff["admin"])
    url = reverse("campaigns:task_edit", args=[campaign.pk, task.pk])
    r = client.post(
        url,
        task_fields(
            task,
            title="拆除河道两侧违建",
            phase=str(phase.pk),
            supporting_units=[str(units["street"].pk), str(units["c1"].pk)],
            owner="张三",
            leader_in_charge="李副区长",
            duty="组织拆除",
            staff="执法队 12 人",
            schedule="6 月底前完成",
            is_key_project="on",
            budget_planned="120",
            budget_spent="35.5",
            frequency="weekly",
            cutoffs="9:00，15:00",
            report_weekday="2",
            workdays_only="on",
        ),
    )
    assert r.status_code == 302, r.content.decode()[:2000]
    task.refresh_from_db()
    assert task.title == "拆除河道两侧违建" and task.phase_id == phase.pk
    assert {u.pk for u in task.supporting_units.all()} == {units["street"].pk, units["c1"].pk}
    assert (task.owner, task.leader_in_charge, task.staff) == ("张三", "李副区长", "执法队 12 人")
    assert task.is_key_project and task.budget_planned == Decimal("120")
    assert task.budget_spent == Decimal("35.5")
    assert task.frequency == "weekly" and task.cutoffs == ["09:00", "15:00"]
    assert task.report_weekday == 2 and task.workdays_only and task.version == 2
    (event,) = audits("campaign.task.update")
    assert event.data["title"][1] == "拆除河道两侧违建" and "supporting_units" in event.data


def test_task_edit_refused_keeps_what_was_typed(client, campaign, staff):
    task = campaign.task
    login(client, staff["admin"])
    url = reverse("campaigns:task_edit", args=[campaign.pk, task.pk])
    r = client.post(
        url, task_fields(task, title="我的标题", deadline="2026-08-01", cutoffs="25:00")
    )
    assert r.status_code == 200
    body = r.content.decode()
    assert "The deadline must fall within the campaign" in body
    assert "is not a time of day" in body and 'value="我的标题"' in body
    # The service refuses a target below a milestone (30 by 10 June), next to the target.
    r = client.post(url, task_fields(task, title="我的标题", target="20"))
    assert r.status_code == 200
    body = r.content.decode()
    assert "A milestone is above the new target" in body and 'value="我的标题"' in body
    task.refresh_from_db()
    assert task.title == "拆除河道管理范围内违建" and task.version == 1
    assert not audits("campaign.task.update")


def test_task_edit_stale(client, campaign, staff):
    task = campaign.task
    login(client, staff["admin"])
    url = reverse("campaigns:task_edit", args=[campaign.pk, task.pk])
    typed = task_fields(task, title="我的标题", owner="张三")
    update_task(task.pk, {"owner": "李四"}, actor=staff["dispatcher"], version=task.version)
    r = client.post(url, typed)
    assert r.status_code == 200
    body = r.content.decode()
    assert STALE in body and 'value="我的标题"' in body and 'value="张三"' in body
    assert "李四" in body  # what is saved now, beside what was typed
    task.refresh_from_db()
    assert task.title == "拆除河道管理范围内违建" and task.owner == "李四"
    r = client.post(url, {**typed, "version": str(task.version)})
    assert r.status_code == 302
    task.refresh_from_db()
    assert task.owner == "张三"


def test_task_edit_page_queries_are_bounded(
    client, campaign, staff, units, django_assert_max_num_queries
):
    login(client, staff["admin"])
    url = reverse("campaigns:task_edit", args=[campaign.pk, campaign.task.pk])
    client.get(url)  # warm the caches of the session and the user
    with django_assert_max_num_queries(12):
        assert client.get(url).status_code == 200


def test_task_added(client, campaign, staff, units):
    login(client, staff["admin"])
    url = reverse("campaigns:task_new", args=[campaign.pk])
    fields = {
        "title": "清理河道垃圾",
        "lead_unit": str(units["street"].pk),
        "deadline": "2026-06-15",
        "target": "12",
        "measure": "吨",
        "frequency": "daily",
        "cutoffs": "16:00",
        "report_weekday": "4",
        "report_monthday": "25",
    }
    r = client.post(url, {**fields, "title": ""})
    assert r.status_code == 200 and 'value="吨"' in r.content.decode()
    r = client.post(url, fields)
    task = Task.objects.get(title="清理河道垃圾")
    assert r.status_code == 302 and r["Location"].endswith(f"/tasks/{task.pk}/units/")
    assert task.campaign_id == campaign.pk and task.target == Decimal(12)
    assert [(a.unit_id, a.target) for a in task.assignments.all()] == [
        (units["street"].pk, Decimal(12))
    ]
    assert len(audits("campaign.task.create")) == 2  # the fixture's task and this one


def test_budget_spent_updated_and_stale(client, campaign, staff):
    task = campaign.task
    update_task(
        task.pk,
        {"is_key_project": True, "budget_planned": Decimal(100)},
        actor=staff["admin"],
        version=1,
    )
    login(client, staff["admin"])
    url = reverse("campaigns:task_budget", args=[campaign.pk, task.pk])
    r = client.post(url, {"budget_spent": "42.5", "version": "2"})
    assert r.status_code == 302
    task.refresh_from_db()
    assert task.budget_spent == Decimal("42.5") and task.version == 3
    assert audits("campaign.task.update")[-1].data["budget_spent"] == [None, "42.50"]
    r = client.post(url, {"budget_spent": "-1", "version": "3"})
    assert r.status_code == 200 and 'value="-1"' in r.content.decode()
    r = client.post(url, {"budget_spent": "50", "version": "2"})
    assert r.status_code == 200
    body = r.content.decode()
    assert STALE in body and 'value="50"' in body and 'name="version" value="3"' in body
    task.refresh_from_db()
    assert task.budget_spent == Decimal("42.5")


# -- reporting units --------------------------------------------------------------------------


def unit_rows(task) -> list[dict]:
    return [{"unit": str(a.unit_id), "target": str(a.target)} for a in task.assignments.all()]


def test_reporting_units_changed(client, campaign, staff, units):
    task = campaign.task
    login(client, staff["admin"])
    items = unit_rows(task)  # c1 20, c2 20
    items[0]["target"] = "25"
    items[1]["DELETE"] = "on"
    items.append({"unit": str(units["dept"].pk), "target": "15"})
    items.append({"unit": "", "target": ""})
    data = {**rows("units", items, initial=2), "version": str(task.version)}
    r = client.post(reverse("campaigns:task_units", args=[campaign.pk, task.pk]), data)
    assert r.status_code == 302
    assert sorted((a.unit_id, a.target) for a in task.assignments.all()) == sorted(
        [(units["c1"].pk, Decimal(25)), (units["dept"].pk, Decimal(15))]
    )
    assert len(audits("campaign.task.units")) == 1


def test_a_unit_that_reported_stays(client, campaign, staff, units):
    task = campaign.task
    a = task.assignments.get(unit=units["c1"])
    day = dt.date(2026, 5, 20)
    submit_report(a.pk, actor=staff["handler"], figure=3, period=day, slot=0, now=at(day, "10:00"))
    login(client, staff["admin"])
    url = reverse("campaigns:task_units", args=[campaign.pk, task.pk])
    assert "1 report" in client.get(url).content.decode()
    items = unit_rows(task)
    items[0]["DELETE"] = "on"  # c1 has reported
    items[1]["target"] = "33"
    data = {**rows("units", items, initial=2), "version": str(task.version)}
    r = client.post(url, data)
    assert r.status_code == 200
    body = r.content.decode()
    assert "柳岸社区 has reported on this task already and stays on it." in body
    assert 'value="33"' in body
    assert task.assignments.count() == 2 and not audits("campaign.task.units")


def test_reporting_units_refused_and_stale(client, campaign, staff, units):
    task = campaign.task
    login(client, staff["admin"])
    url = reverse("campaigns:task_units", args=[campaign.pk, task.pk])
    twice = [
        {"unit": str(units["c1"].pk), "target": "5"},
        {"unit": str(units["c1"].pk), "target": "7"},
    ]
    r = client.post(url, {**rows("units", twice), "version": str(task.version)})
    assert r.status_code == 200 and "This unit is listed twice." in r.content.decode()
    none = [{"unit": str(units["c1"].pk), "target": "5", "DELETE": "on"}]
    r = client.post(url, {**rows("units", none), "version": str(task.version)})
    assert r.status_code == 200 and "At least one unit reports on a task." in r.content.decode()
    items = unit_rows(task)
    items[0]["target"] = "18"
    update_task(task.pk, {"owner": "张三"}, actor=staff["dispatcher"], version=task.version)
    r = client.post(url, {**rows("units", items, initial=2), "version": "1"})
    assert r.status_code == 200
    body = r.content.decode()
    assert STALE in body and 'value="18"' in body and 'name="version" value="2"' in body
    assert task.assignments.get(unit=units["c1"]).target == Decimal(20)


# -- milestones -------------------------------------------------------------------------------


def test_milestones_saved_with_notes(client, campaign, staff):
    task = campaign.task
    login(client, staff["admin"])
    items = [
        {"due_on": "2026-05-25", "value": "12", "note": "摸底完成"},
        {"due_on": "2026-06-15", "value": "35", "note": ""},
        {"due_on": "", "value": "", "note": ""},
    ]
    data = {**rows("milestones", items), "version": str(task.version)}
    r = client.post(reverse("campaigns:task_milestones", args=[campaign.pk, task.pk]), data)
    assert r.status_code == 302
    assert [(m.due_on.isoformat(), m.value, m.note) for m in task.milestones.all()] == [
        ("2026-05-25", Decimal(12), "摸底完成"),
        ("2026-06-15", Decimal(35), ""),
    ]
    (event,) = audits("campaign.task.milestones")
    assert event.data["milestones"][0] == ["2026-05-25", "12", "摸底完成"]


def test_milestones_refused_and_stale(client, campaign, staff):
    task = campaign.task
    login(client, staff["admin"])
    url = reverse("campaigns:task_milestones", args=[campaign.pk, task.pk])
    items = [
        {"due_on": "2026-05-25", "value": "20", "note": "先快"},
        {"due_on": "2026-06-15", "value": "15", "note": ""},
        {"due_on": "2026-07-15", "value": "50", "note": ""},
    ]
    r = client.post(url, {**rows("milestones", items), "version": str(task.version)})
    assert r.status_code == 200
    body = r.content.decode()
    assert "each is at least the one before" in body and "Above the task" in body
    assert "to the deadline" in body and 'value="先快"' in body
    good = [{"due_on": "2026-05-25", "value": "20", "note": "先快"}]
    update_task(task.pk, {"owner": "张三"}, actor=staff["dispatcher"], version=task.version)
    r = client.post(url, {**rows("milestones", good), "version": "1"})
    assert r.status_code == 200
    body = r.content.decode()
    assert STALE in body and 'value="先快"' in body
    assert [m.value for m in task.milestones.all()] == [Decimal(10), Decimal(30)]
    assert not audits("campaign.task.milestones")


@pytest.mark.parametrize("version", ["", "x"])
def test_a_list_page_without_its_version_saves_nothing(client, campaign, staff, version):
    login(client, staff["admin"])
    data = {**rows("phases", phase_rows(campaign), initial=2), "version": version}
    r = client.post(reverse("campaigns:phases", args=[campaign.pk]), data)
    assert r.status_code == 200 and "The page is incomplete" in r.content.decode()
    assert Campaign.objects.get(pk=campaign.pk).version == campaign.version
