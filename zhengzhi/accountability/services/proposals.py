"""The platform proposes the ladder's records from the office's rules; nothing here is issued.

- A 督查单 rule: the problems a unit has let run overdue by N days, not yet on a sheet, on one
  sheet per unit (so much per problem, split by the rule's shares).
- A 督办函 rule: a problem overdue by N days gets a first letter; N days after a letter was
  issued, a problem still not finished gets the next one (the amounts multiplied, the last one
  with the public self-criticism); after the letters allowed, a referral (问责).
- A 黄牌示警 or 约谈 rule: a unit's record over a period (the ranking, its overdue backlog, the
  letters it received), once per rule, unit and period (services/unit_rules.py).
- Missed problems of inspectors, if the inspections app offers them (hooks.missed_flags).

Running it again proposes nothing twice: (ladder, problem, step) is unique (RecordProblem), and
a proposal the office dismissed stays dismissed.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_noop

from zhengzhi.accountability.models import (
    LadderRule,
    Record,
    RecordKind,
    RecordProblem,
    RecordStatus,
)
from zhengzhi.accountability.services import unit_rules
from zhengzhi.accountability.services.ladder import letter_step, sheet_penalties, total
from zhengzhi.audit.services import record as audit
from zhengzhi.ledger.models import RUNNING_STATUSES, Problem
from zhengzhi.ledger.selectors.filters import FINISHED_STATUSES

ISSUED = (RecordStatus.ISSUED, RecordStatus.ANSWERED)


def _overdue(rule: LadderRule, now: dt.datetime):
    return Problem.objects.filter(
        status__in=RUNNING_STATUSES,
        due_at__lte=now - dt.timedelta(days=rule.days),
        owner_unit__isnull=False,
    )


def _days_late(problem, now: dt.datetime) -> int:
    return max(0, (now - problem.due_at).days) if problem.due_at else 0


def _describe(problem, now: dt.datetime) -> str:
    where = f"（{problem.address}）" if problem.address else ""
    return f"{problem.number}{where}，超期{_days_late(problem, now)}天未办结"


def _create(
    *, kind, unit_id, rule, step, basis, amounts, self_criticism, problems, ladder, now, found=()
):
    """One proposal and its problems (and the inspections' new findings it charges), or None
    when another run proposed the same step first."""
    try:
        with transaction.atomic():
            rec = Record.objects.create(
                kind=kind,
                unit_id=unit_id,
                rule=rule,
                step=step,
                basis=basis,
                penalties=amounts,
                total=total(amounts),
                self_criticism=self_criticism,
                proposed_at=now,
            )
            RecordProblem.objects.bulk_create(
                [
                    RecordProblem(record=rec, problem_id=p.pk, kind=ladder, step=step)
                    for p in problems
                ]
                + [
                    RecordProblem(
                        record=rec,
                        problem_id=f["problem_id"],
                        kind=ladder,
                        step=step,
                        finding_id=f["answer_id"],
                    )
                    for f in found
                ]
            )
    except IntegrityError:
        return None
    audit(
        "accountability.record.proposed",
        obj=rec,
        unit_id=unit_id,
        data={
            "kind": kind,
            "step": step,
            "problems": [p.pk for p in problems],
            **({"findings": [f["answer_id"] for f in found]} if found else {}),
        },
    )
    return rec


def _found_again(rule: LadderRule) -> dict[int, list[dict]]:
    """{unit: the inspections' new findings of its open problems not yet on a sheet}."""
    from zhengzhi.inspections.selectors import refindings

    if not rule.each_finding:
        return {}
    used = RecordProblem.objects.filter(finding__isnull=False).values("finding")
    out: dict[int, list[dict]] = defaultdict(list)
    for f in refindings(used):
        out[f["unit_id"]].append(f)
    return out


def _sheet_basis(rule: LadderRule, items: list, found: list[dict], now: dt.datetime) -> str:
    parts = []
    if items:
        lines = [f"{i}. {_describe(p, now)}" for i, p in enumerate(items, 1)]
        parts.append(
            f"经督查，以下{len(items)}个问题超期{rule.days}天以上仍未办结，"
            f"按每个问题{rule.per_problem}元计：\n" + "\n".join(lines)
        )
    if found:
        lines = [f"{i}. {f['number']}，{f['text']}" for i, f in enumerate(found, 1)]
        parts.append(
            f"以下问题经督查再次发现仍未整改（{len(found)}次），"
            f"按每个问题每次{rule.per_problem}元计：\n" + "\n".join(lines)
        )
    return "\n".join(parts)


def _sheets(rule: LadderRule, now: dt.datetime) -> list[Record]:
    """One sheet per unit: its newly overdue problems, and each new finding of an open problem
    by an inspection (seed 004: 每一问题每次处罚100元)."""
    on_sheet = RecordProblem.objects.filter(
        kind=RecordKind.SHEET, step=1, finding__isnull=True
    ).values("problem")
    problems = _overdue(rule, now).exclude(pk__in=on_sheet).order_by("due_at", "pk")
    by_unit: dict[int, list] = defaultdict(list)
    for p in problems:
        by_unit[p.owner_unit_id].append(p)
    found = _found_again(rule)
    out = []
    for unit_id in sorted(set(by_unit) | set(found)):
        items, again = by_unit.get(unit_id, []), found.get(unit_id, [])
        rec = _create(
            kind=RecordKind.SHEET,
            unit_id=unit_id,
            rule=rule,
            step=1,
            basis=_sheet_basis(rule, items, again, now),
            amounts=sheet_penalties(rule, len(items) + len(again)),
            self_criticism=False,
            problems=items,
            ladder=RecordKind.SHEET,
            now=now,
            found=again,
        )
        if rec:
            out.append(rec)
    return out


def _letter(rule: LadderRule, problem, step: int, now: dt.datetime) -> Record | None:
    kind, amounts, criticism = letter_step(rule, step)
    if step == 1:
        basis = f"问题{_describe(problem, now)}。"
    else:
        basis = f"问题{_describe(problem, now)}，经第{step - 1}次督办后仍未整改到位。"
    if criticism:
        basis += "单位主要负责人须通过媒体公开检讨。"
    if kind == RecordKind.REFERRAL:
        basis += f"经{rule.letters}次督办仍未解决，移交纪委启动问责程序。"
    return _create(
        kind=kind,
        unit_id=problem.owner_unit_id,
        rule=rule,
        step=step,
        basis=basis,
        amounts=amounts,
        self_criticism=criticism,
        problems=[problem],
        ladder=RecordKind.LETTER,
        now=now,
    )


def _letters(rule: LadderRule, now: dt.datetime) -> list[Record]:
    out = []
    lettered = RecordProblem.objects.filter(kind=RecordKind.LETTER).values("problem")
    for p in _overdue(rule, now).exclude(pk__in=lettered).order_by("due_at", "pk"):
        rec = _letter(rule, p, 1, now)
        if rec:
            out.append(rec)
    # The next step on a matter whose last letter was issued N days ago and is still unsolved.
    items = RecordProblem.objects.filter(kind=RecordKind.LETTER).exclude(
        problem__status__in=FINISHED_STATUSES
    )
    last: dict[int, tuple[int, RecordProblem]] = {}
    for item in items.select_related("record", "problem").order_by("problem_id", "step"):
        last[item.problem_id] = (item.step, item)
    due = now - dt.timedelta(days=rule.days)
    for step, item in last.values():
        rec = item.record
        if (
            rec.kind != RecordKind.LETTER
            or rec.status not in ISSUED
            or rec.approved_at is None
            or rec.approved_at > due
        ):
            continue
        new = _letter(rule, item.problem, step + 1, now)
        if new:
            out.append(new)
    return out


def _missed(now: dt.datetime) -> list[Record]:
    """Inspectors' missed problems, when the inspections app offers them (hooks.py)."""
    from zhengzhi.accountability.hooks import missed_flags

    out = []
    for flag in missed_flags():
        try:
            with transaction.atomic():
                rec = Record.objects.create(
                    kind=RecordKind.MISSED,
                    unit_id=flag.unit_id,
                    basis=flag.text,
                    proposed_at=now,
                )
                if flag.problem_id:
                    RecordProblem.objects.create(
                        record=rec, problem_id=flag.problem_id, kind=RecordKind.MISSED
                    )
        except IntegrityError:
            continue
        audit("accountability.record.proposed", obj=rec, unit_id=flag.unit_id)
        out.append(rec)
    return out


def propose(now: dt.datetime | None = None) -> dict:
    """Every active rule's new proposals; returns how many of each kind."""
    now = now or timezone.now()
    made: list[Record] = []
    for rule in LadderRule.objects.filter(is_active=True):
        if rule.kind == RecordKind.SHEET:
            made += _sheets(rule, now)
        elif rule.kind == RecordKind.LETTER:
            made += _letters(rule, now)
        else:
            made += unit_rules.propose_for(rule, now)
    made += _missed(now)
    counts: dict[str, int] = defaultdict(int)
    for rec in made:
        counts[rec.kind] += 1
    if made:
        _tell_the_office(len(made))
    return dict(counts)


def _tell_the_office(n: int) -> None:
    from zhengzhi.accounts.models import User
    from zhengzhi.core.roles import Role
    from zhengzhi.notifications.messages import Message
    from zhengzhi.notifications.services import notify

    office = User.objects.filter(is_active=True, roles__role=Role.OFFICE_ADMIN).distinct()
    notify(
        office,
        Message(gettext_noop("%(n)s accountability records proposed"), {"n": n}),
        url="/accountability/?status=proposed",
        kind="accountability.proposed",
        channels=("inbox",),
    )
