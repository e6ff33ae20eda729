"""查一补三: the rule (RecheckRule, data) puts `count` rechecks at the site of a case, due
within `days` days of filing and assigned to the handling unit; each is recorded as done with
its result, or shown overdue. The worker tells the unit once when a recheck falls due (its due
day) and once when it is overdue; Recheck.notified remembers what it told."""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, ngettext_lazy

from zhengzhi.audit.services import record
from zhengzhi.cases.models import Case, Recheck, RecheckRule
from zhengzhi.cases.services.errors import CaseError

DUE, OVERDUE = "due", "overdue"
RECIPIENT_ROLES = ("handler", "unit_leader")

_CATALOGUE = (
    ngettext_lazy("%(count)d recheck is due today", "%(count)d rechecks are due today"),
    ngettext_lazy("%(count)d recheck is overdue", "%(count)d rechecks are overdue"),
)
SUBJECTS = {
    DUE: (
        gettext_noop("%(count)d recheck is due today"),
        gettext_noop("%(count)d rechecks are due today"),
    ),
    OVERDUE: (
        gettext_noop("%(count)d recheck is overdue"),
        gettext_noop("%(count)d rechecks are overdue"),
    ),
}


def rule_for(case: Case) -> RecheckRule | None:
    site = case.site
    if site is None:
        return None
    kind = site.kind.code
    for rule in RecheckRule.objects.filter(is_active=True, case_types=case.case_type_id):
        if not rule.site_kinds or kind in rule.site_kinds:
            return rule
    return None


def due_dates(filed_on: dt.date, count: int, days: int) -> list[dt.date]:
    """Spread over the period, the last on its final day: 3 in 7 days -> days 3, 5, 7."""
    return [filed_on + dt.timedelta(days=math.ceil(days * i / count)) for i in range(1, count + 1)]


def schedule_rechecks(case: Case) -> int:
    """Called by the filing, in its transaction. Returns the number of rechecks made."""
    rule = rule_for(case)
    if rule is None or rule.count == 0 or case.site is None:
        return 0
    rows = [
        Recheck(case=case, site=case.site, unit_id=case.handling_unit_id, seq=i, due_on=d)
        for i, d in enumerate(due_dates(case.filed_on, rule.count, rule.days), start=1)
    ]
    Recheck.objects.bulk_create(rows)
    from zhengzhi.cases.registry import carry

    carry(rows)  # the apps that carry rechecks out (inspections: as visits)
    return len(rows)


@transaction.atomic
def carried_out(
    recheck_id: int, *, result: str, done_at: dt.datetime, done_by=None, note: str = ""
) -> bool:
    """A carrier (an inspection visit) reports a recheck done. Once: False if it was recorded
    already."""
    recheck = Recheck.objects.select_for_update(of=("self",)).filter(pk=recheck_id).first()
    if recheck is None or recheck.done_at is not None:
        return False
    recheck.done_at, recheck.done_by = done_at, done_by
    recheck.result, recheck.note = result, note.strip()[:200]
    recheck.save(update_fields=["done_at", "done_by", "result", "note"])
    record(
        "cases.recheck.recorded",
        actor=done_by,
        obj=recheck.case,
        data={"recheck": recheck.pk, "seq": recheck.seq, "result": result, "note": recheck.note},
        actor_label="" if done_by else "worker",
    )
    return True


def recheck_state(recheck: Recheck, today: dt.date) -> str:
    if recheck.done_at is not None:
        return "done"
    if today > recheck.due_on:
        return OVERDUE
    if today == recheck.due_on:
        return DUE
    return "open"


@transaction.atomic
def record_recheck(
    actor, recheck_id: int, result: str, note: str = "", *, now=None, request=None
) -> Recheck:
    from zhengzhi.cases.scope import can_change

    if result not in Recheck.Result.values or not result:
        raise CaseError(_("Choose what the recheck found."), "result")
    recheck = (
        Recheck.objects.select_for_update(of=("self",))
        .select_related("case")
        .filter(pk=recheck_id)
        .first()
    )
    if recheck is None or not can_change(actor, recheck.case):
        raise CaseError(_("You may not record this recheck."), "not_allowed")
    if recheck.done_at is not None:
        raise CaseError(_("This recheck has been recorded already."), "done")
    recheck.done_at = now or timezone.now()
    recheck.done_by = actor
    recheck.result = result
    recheck.note = note.strip()[:200]
    recheck.save(update_fields=["done_at", "done_by", "result", "note"])
    record(
        "cases.recheck.recorded",
        actor=actor,
        obj=recheck.case,
        request=request,
        data={"recheck": recheck.pk, "seq": recheck.seq, "result": result},
    )
    return recheck


@transaction.atomic
def mark_rechecks(now: dt.datetime | None = None) -> dict:
    """Tells each unit of its rechecks newly due today and newly overdue. Run twice, tells once:
    the rows are locked and marked in the same transaction."""
    today = timezone.localdate(now or timezone.now())
    open_ = Recheck.objects.filter(done_at__isnull=True)
    due = open_.filter(due_on=today, notified="")
    overdue = open_.filter(due_on__lt=today).filter(~Q(notified=OVERDUE))
    counts = {}
    for state, qs in ((DUE, due), (OVERDUE, overdue)):
        rows = list(
            qs.select_for_update(of=("self",))
            .select_related("case", "site")
            .order_by("due_on", "id")
        )
        counts[state] = len(rows)
        if not rows:
            continue
        Recheck.objects.filter(pk__in=[r.pk for r in rows]).update(notified=state)
        _tell(state, rows)
        record(
            f"cases.rechecks.{state}",
            object_type="cases.recheck",
            data={"rechecks": len(rows)},
            actor_label="worker",
        )
    return counts


def _tell(state: str, rows: list[Recheck]) -> None:
    from zhengzhi.accounts.models import User
    from zhengzhi.notifications.messages import Message
    from zhengzhi.notifications.services import notify

    by_unit: dict[int, list[Recheck]] = defaultdict(list)
    for r in rows:
        by_unit[r.unit_id].append(r)
    users: dict[int, list] = defaultdict(list)
    for user in User.objects.filter(
        unit_id__in=by_unit, is_active=True, roles__role__in=RECIPIENT_ROLES
    ).distinct():
        if user.unit_id is not None:
            users[user.unit_id].append(user)
    singular, plural = SUBJECTS[state]
    for unit_id, items in by_unit.items():
        if not users.get(unit_id):
            continue
        body = "；".join(
            f"{r.case.number} {r.site.name} #{r.seq}（{r.due_on:%Y-%m-%d}）" for r in items[:30]
        )
        notify(
            users[unit_id],
            Message(singular, {"count": len(items)}, plural=plural, count=len(items)),
            body,
            url=f"/cases/rechecks/?state={state}",
            kind=f"cases.recheck.{state}",
            channels=("inbox",),
        )
