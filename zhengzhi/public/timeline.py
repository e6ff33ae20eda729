"""What a citizen may read about their report: the loop's stages in plain words.

Built from the ledger timeline, but only its public steps, and never a note or a name: the one
text shown is the reason a report was not accepted (the office writes it for the citizen). A
report merged into another problem follows that master from then on.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from zhengzhi.files.models import StoredFile
from zhengzhi.ledger.models import EventKind, Problem, ProblemEvent, Status
from zhengzhi.public.models import PublicReport, Rating

# The status a citizen sees, with a CSS class for its colour.
PUBLIC_STATUS = {
    Status.REPORTED: (pgettext_lazy("public", "Received, awaiting review"), "new"),
    Status.REJECTED: (pgettext_lazy("public", "Not accepted"), "rejected"),
    Status.REGISTERED: (pgettext_lazy("public", "Accepted"), "accepted"),
    Status.DISPATCHED: (pgettext_lazy("public", "Being handled"), "handling"),
    Status.ACCEPTED: (pgettext_lazy("public", "Being handled"), "handling"),
    Status.DEFERRED: (pgettext_lazy("public", "Scheduled for later handling"), "handling"),
    Status.REPORTED_BACK: (pgettext_lazy("public", "Handled, being checked"), "checking"),
    Status.CLOSED: (pgettext_lazy("public", "Done"), "done"),
    Status.MERGED: (pgettext_lazy("public", "Combined with another report"), "handling"),
}

STEP_TITLES = {
    EventKind.REGISTER: _("Accepted for handling"),
    EventKind.REJECT: _("Not accepted"),
    EventKind.DISPATCH: _("Passed to the responsible unit"),
    EventKind.ACCEPT: _("The responsible unit is handling it"),
    EventKind.APPROVE_DEFERRAL: _("Scheduled for later handling"),
    EventKind.REPORT_BACK: _("Handled; awaiting a check on the spot"),
    EventKind.REWORK: _("The check found more to do; back to the unit"),
    EventKind.CLOSE: _("Done: checked on the spot"),
    EventKind.REOPEN: _("The problem came back; being handled again"),
}
PUBLIC_KINDS = (*STEP_TITLES, EventKind.MERGE, EventKind.NOTE)


@dataclass
class Step:
    at: dt.datetime
    title: str
    kind: str
    detail: str = ""
    photos: list = field(default_factory=list)


def status_of(problem: Problem) -> tuple[str, str]:
    label, css = PUBLIC_STATUS.get(problem.status, (problem.get_status_display(), "handling"))
    return str(label), css


def steps(report: PublicReport, followed: Problem) -> list[Step]:
    """The public timeline of `report`, whose problem is followed through `followed` (itself,
    or the master it was merged into). Two queries: the events, the after-photos."""
    own_id = report.problem_id
    events = list(
        ProblemEvent.objects.filter(problem_id__in={own_id, followed.pk}, kind__in=PUBLIC_KINDS)
        .order_by("at", "id")
        .values("problem_id", "kind", "at", "note", "data")
    )
    out = [Step(report.submitted_at, str(_("Report received")), "report")]
    for e in events:
        kind, mine = e["kind"], e["problem_id"] == own_id
        if kind == EventKind.MERGE:
            if mine and followed.pk != own_id:
                out.append(
                    Step(
                        e["at"],
                        str(_("Combined with an earlier report of the same problem")),
                        kind,
                        str(_("It is handled as one; you can follow it here.")),
                    )
                )
            continue
        if kind == EventKind.NOTE:
            data = e["data"] or {}
            if data.get("report") == report.pk and data.get("citizen_rating") in Rating.values:
                label = Rating(data["citizen_rating"]).label
                out.append(
                    Step(e["at"], str(_("Your rating: %(rating)s") % {"rating": label}), "rating")
                )
            continue
        step = Step(e["at"], str(STEP_TITLES[kind]), kind)
        if kind == EventKind.REJECT:
            step.detail = e["note"]
        out.append(step)
    if followed.status == Status.CLOSED:
        photos = list(
            StoredFile.objects.filter(
                owner_type__app_label="ledger",
                owner_type__model="problem",
                owner_id=followed.pk,
                purpose="after",
            ).order_by("created_at")
        )
        closes = [s for s in out if s.kind == EventKind.CLOSE]
        if closes:
            closes[-1].photos = photos
    if followed.pk == own_id:
        out.sort(key=lambda s: s.at)
        return out
    # Merged: what happened to this report first (received, combined), then the history of the
    # problem it now follows, which may have begun before this report.
    mine = [s for s in out if s.kind in ("report", EventKind.MERGE)]
    rest = sorted((s for s in out if s.kind not in ("report", EventKind.MERGE)), key=lambda s: s.at)
    return sorted(mine, key=lambda s: s.at) + rest
