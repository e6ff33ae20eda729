"""The worker's watch over reporting slots, once per campaign, cut-off and kind, for the slots
that count (rules.counts: the campaign under way, the cut-off after the task was created and the
campaign started):

- remind: REMIND_BEFORE (60 minutes) before a cut-off, the handlers and leaders of every unit
  that has not yet reported for it get one inbox notice listing the tasks;
- missing: once the cut-off has passed (within LOOKBACK, so a worker that was down does not
  flood the office with a week of old slots), the office's people get the list of the units
  that did not report, and the list is kept on the SlotAlert row.

The claim is the SlotAlert row (unique per campaign, cut-off and kind), written in the same
transaction as the notices: a second run, or a second worker, finds it and does nothing.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_noop

from zhengzhi.accounts.models import User
from zhengzhi.audit.services import record
from zhengzhi.campaigns.models import (
    AlertKind,
    Assignment,
    Campaign,
    CampaignStatus,
    Frequency,
    ProgressReport,
    SlotAlert,
)
from zhengzhi.campaigns.rules import Rule, Slot, counting_from, counts, slots_between
from zhengzhi.core.roles import Role
from zhengzhi.notifications.messages import Message
from zhengzhi.notifications.services import notify
from zhengzhi.workcal.calendar import WorkCalendar

REMIND_BEFORE = dt.timedelta(minutes=60)
LOOKBACK = dt.timedelta(hours=6)
DAY = dt.timedelta(days=1)


def _slots_near(campaign: Campaign, now: dt.datetime, cal: WorkCalendar):
    """{cutoff_at: [(task, slot)]} for the slots whose cut-off is within the watch window."""
    today = timezone.localtime(now).date()
    first = max(campaign.starts_on, today - DAY)
    last = min(campaign.ends_on, today + DAY)
    out: dict[dt.datetime, list] = defaultdict(list)
    if first > last:
        return out
    for task in campaign.tasks.exclude(frequency=Frequency.NONE):
        since = counting_from(task, campaign)
        for slot in slots_between(Rule.of(task), first, last, cal):
            if counts(slot, since) and now - LOOKBACK <= slot.cutoff_at <= now + REMIND_BEFORE:
                out[slot.cutoff_at].append((task, slot))
    return out


def _unreported(pairs: list[tuple]) -> dict[int, list[str]]:
    """{unit_id: [task titles]} of assignments with no current report for their slot."""
    tasks = {task.pk: task for task, _slot in pairs}
    slots: dict[int, Slot] = {task.pk: slot for task, slot in pairs}
    q = Q(pk__in=[])
    for task_id, slot in slots.items():
        q |= Q(task_id=task_id, period=slot.period, slot=slot.index)
    done = set(
        ProgressReport.objects.filter(q, is_current=True).values_list("assignment_id", flat=True)
    )
    out: dict[int, list[str]] = defaultdict(list)
    for a in Assignment.objects.filter(task_id__in=tasks).values_list("pk", "unit_id", "task_id"):
        pk, unit_id, task_id = a
        if pk not in done:
            out[unit_id].append(tasks[task_id].title)
    return out


def _claim(campaign: Campaign, cutoff_at: dt.datetime, kind: str, now, units) -> bool:
    try:
        with transaction.atomic():
            SlotAlert.objects.create(
                campaign=campaign, cutoff_at=cutoff_at, kind=kind, at=now, units=units
            )
    except IntegrityError:
        return False
    return True


def _users(unit_ids, roles) -> dict[int, list[User]]:
    out: dict[int, list[User]] = defaultdict(list)
    qs = User.objects.filter(unit_id__in=unit_ids, is_active=True, roles__role__in=roles)
    for user in qs.distinct():
        if user.unit_id is not None:
            out[user.unit_id].append(user)
    return out


def _time(cutoff_at: dt.datetime) -> str:
    return timezone.localtime(cutoff_at).strftime("%m-%d %H:%M")


def run(now: dt.datetime | None = None) -> dict:
    now = now or timezone.now()
    cal = WorkCalendar.load()
    reminded = listed = 0
    today = timezone.localtime(now).date()
    campaigns = Campaign.objects.filter(
        status=CampaignStatus.ACTIVE, starts_on__lte=today + DAY, ends_on__gte=today - DAY
    )
    for campaign in campaigns:
        for cutoff_at, pairs in sorted(_slots_near(campaign, now, cal).items()):
            with transaction.atomic():
                if cutoff_at > now:
                    reminded += _remind(campaign, cutoff_at, pairs, now)
                else:
                    listed += _list_missing(campaign, cutoff_at, pairs, now)
    return {"reminded_units": reminded, "missing_units": listed}


def _remind(campaign, cutoff_at, pairs, now) -> int:
    missing = _unreported(pairs)
    if not _claim(campaign, cutoff_at, AlertKind.REMIND, now, sorted(missing)):
        return 0
    users = _users(list(missing), (Role.HANDLER, Role.UNIT_LEADER))
    when = _time(cutoff_at)
    name = campaign.name
    for unit_id, titles in missing.items():
        if not users.get(unit_id):
            continue
        notify(
            users[unit_id],
            Message(
                gettext_noop("Report due by %(time)s: %(campaign)s"),
                {"time": when, "campaign": name},
            ),
            "、".join(titles[:20]),
            url="/campaigns/report/",
            kind="campaign.remind",
            channels=("inbox",),
        )
    return len(missing)


def _list_missing(campaign, cutoff_at, pairs, now) -> int:
    missing = _unreported(pairs)
    if not _claim(campaign, cutoff_at, AlertKind.MISSING, now, sorted(missing)):
        return 0
    if not missing:
        return 0
    from zhengzhi.org.models import Unit

    names = dict(Unit.objects.filter(pk__in=missing).values_list("pk", "name"))
    office = User.objects.filter(
        unit_id=campaign.office_unit_id,
        is_active=True,
        roles__role__in=(Role.OFFICE_ADMIN, Role.DISPATCHER, Role.UNIT_LEADER),
    ).distinct()
    when = _time(cutoff_at)
    count, name = len(missing), campaign.name

    body = "；".join(f"{names.get(u, u)}：{'、'.join(t)}" for u, t in sorted(missing.items()))
    day = timezone.localtime(cutoff_at).date().isoformat()
    notify(
        list(office),
        Message(
            gettext_noop("%(count)d unit did not report by %(time)s: %(campaign)s"),
            {"count": count, "time": when, "campaign": name},
            plural=gettext_noop("%(count)d units did not report by %(time)s: %(campaign)s"),
            count=count,
        ),
        body[:2000],
        url=f"/campaigns/{campaign.pk}/sheet/?day={day}",
        kind="campaign.missing",
        channels=("inbox",),
    )
    record(
        "campaign.missing",
        obj=campaign,
        data={"cutoff": cutoff_at.isoformat(), "units": sorted(missing)},
        actor_label="worker",
    )
    return count
