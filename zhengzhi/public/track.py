"""What the tracking page shows: the report, the status and public timeline of the problem it
follows, and the rating form once the problem is done."""

from __future__ import annotations

import uuid

from django.http import Http404
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from zhengzhi.files.models import StoredFile
from zhengzhi.ledger.models import Status
from zhengzhi.public import timeline
from zhengzhi.public.forms import RatingForm
from zhengzhi.public.models import PublicReport
from zhengzhi.public.registry import track_panels
from zhengzhi.public.services.rating import followed_problem, may_rate
from zhengzhi.territory.basemap import map_settings


def _panels(report: PublicReport) -> list[str]:
    """The blocks higher apps draw on the page (registry.TrackPanel: the tip reward)."""
    out = []
    for panel in track_panels():
        context = panel.context(report)
        if context is not None:
            out.append(render_to_string(panel.template, context))
    return out


def track_context(report: PublicReport, *, rating_form: RatingForm | None = None) -> dict:
    followed = followed_problem(report.problem)
    label, css = timeline.status_of(followed)
    can_rate = may_rate(report, followed)
    return {
        "report": report,
        "problem": report.problem,
        "followed": followed,
        "status_label": label,
        "status_css": css,
        "steps": timeline.steps(report, followed),
        "may_rate": can_rate,
        "rating_form": (rating_form or RatingForm()) if can_rate else None,
        # A rating refused because rating is not possible (any more): the reason, without a form.
        "rating_errors": [e for errs in rating_form.errors.values() for e in errs]
        if rating_form is not None and not can_rate
        else [],
        "rated": bool(report.rating) and not can_rate,
        "times": followed.report_count,
        "panels": _panels(report),
        "own_photos": own_photos(report),
        "map_config": _map_config(report),
    }


def _map_config(report: PublicReport) -> dict | None:
    """Where the citizen said the problem is, on the public map's background (track-map.js)."""
    problem = report.problem
    if problem.lon is None or problem.lat is None:
        return None
    return {
        "basemap": map_settings(public=True),
        "areasUrl": reverse("public:areas"),
        "point": [problem.lon, problem.lat],
        "labels": {"mapError": _("The map is not available right now.")},
    }


def own_photos(report: PublicReport) -> list[StoredFile]:
    """The photos the citizen sent with this report (stored without an account, before)."""
    return list(
        StoredFile.objects.filter(
            owner_type__app_label="ledger",
            owner_type__model="problem",
            owner_id=report.problem_id,
            purpose="before",
            uploaded_by__isnull=True,
        ).order_by("created_at", "pk")
    )


def after_photo(report: PublicReport, file_id) -> StoredFile:
    """The only files a citizen gets: the photos they sent themselves, and the after-photos of
    the followed problem once it is done."""
    try:
        pk = uuid.UUID(str(file_id))
    except ValueError:
        raise Http404 from None
    own = next((f for f in own_photos(report) if f.pk == pk), None)
    if own is not None:
        return own
    followed = followed_problem(report.problem)
    if followed.status != Status.CLOSED:
        raise Http404
    stored = StoredFile.objects.filter(
        pk=pk,
        owner_type__app_label="ledger",
        owner_type__model="problem",
        owner_id=followed.pk,
        purpose="after",
    ).first()
    if stored is None:
        raise Http404
    return stored
