"""Writing the planned problems of a checked sheet: numbers, rows and timeline, in bulk."""

from __future__ import annotations

from collections import defaultdict

from django.db import IntegrityError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext_lazy, pgettext

from zhengzhi.ledger.imports.plan import OUR_NUMBER_RE, Plan
from zhengzhi.ledger.models import EventKind, Problem, ProblemEvent, ProblemSequence
from zhengzhi.ledger.services.numbering import reserve_numbers
from zhengzhi.org.importing.workbook import RowError, RowFailed

BATCH = 500


def _advance_sequences(plans: list[Plan]) -> None:
    """A kept number in the system's own form (2026-000123) must never be handed out again:
    the year's sequence moves past the highest one imported."""
    highest: dict[int, int] = {}
    for plan in plans:
        if match := OUR_NUMBER_RE.match(plan.number):
            year, n = int(match.group(1)), int(match.group(2))
            highest[year] = max(highest.get(year, 0), n)
    for year, n in highest.items():
        seq, _created = ProblemSequence.objects.select_for_update().get_or_create(year=year)
        if seq.last < n:
            ProblemSequence.objects.filter(pk=seq.pk).update(last=n)


def _assign_numbers(plans: list[Plan]) -> None:
    by_year: dict[int, list[Plan]] = defaultdict(list)
    for plan in plans:
        if not plan.number:
            by_year[plan.year].append(plan)
    for year, waiting in sorted(by_year.items()):
        for plan, number in zip(waiting, reserve_numbers(year, len(waiting)), strict=True):
            plan.number = number


# The sheet says how often a problem was returned, extended, reworked or recurred, but not when:
# those moves are stated on the import note (and counted on the problem), not invented as
# dated events of their own.
HISTORY = {
    "return_count": ngettext_lazy("returned once", "returned %(n)d times", "n"),
    "extension_count": ngettext_lazy("extended once", "extended %(n)d times", "n"),
    "rework_count": ngettext_lazy("reworked once", "reworked %(n)d times", "n"),
    "recurrence_count": ngettext_lazy("recurred once", "recurred %(n)d times", "n"),
}


def _history(plan: Plan) -> dict[str, int]:
    return {key: plan.fields.get(key) or 0 for key in HISTORY if plan.fields.get(key)}


def _import_note(plan: Plan, file_name: str) -> str:
    note = _("Imported from the Excel ledger %(file)s, row %(row)d.") % {
        "file": file_name or "",
        "row": plan.row,
    }
    history = _history(plan)
    if history:
        separator = pgettext("list separator", "; ")
        said = separator.join(HISTORY[key] % {"n": n} for key, n in history.items())
        note += " " + _("Before the import: %(history)s.") % {"history": said}
    return note


def write_plans(plans: list[Plan], *, actor, file_name: str) -> list[Problem]:
    """Runs inside the caller's transaction: all problems or none. Problems are written (and
    numbered) in the order they were reported, whichever way the sheet is sorted."""
    plans = sorted(plans, key=lambda plan: (plan.fields["reported_at"], plan.row))
    _advance_sequences(plans)
    _assign_numbers(plans)
    problems = [
        Problem(number=plan.number, reported_by=None, version=1, **plan.fields) for plan in plans
    ]
    try:
        Problem.objects.bulk_create(problems, batch_size=BATCH)
    except IntegrityError as exc:  # e.g. a number taken meanwhile by another import
        raise RowFailed(
            [RowError(0, "", _("The sheet could not be saved: %(e)s") % {"e": exc})]
        ) from exc
    now = timezone.now()
    unit_id = getattr(actor, "unit_id", None)
    ProblemEvent.objects.bulk_create(
        [
            ProblemEvent(
                problem=problem,
                kind=EventKind.NOTE,
                at=now,
                actor=actor,
                actor_unit_id=unit_id,
                to_status=problem.status,
                note=_import_note(plan, file_name),
                data={"import": True, "row": plan.row, "file": file_name, **_history(plan)},
            )
            for plan, problem in zip(plans, problems, strict=True)
        ],
        batch_size=BATCH,
    )
    return problems
