"""Every change of a bulletin edition: drafting from the facts (in the worker), the office's
edits, issuing (numbered without gaps, the .docx stored as issued, every unit told), and the
PDF made from the issued .docx (in the worker)."""

from __future__ import annotations

import datetime as dt
import hashlib

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from zhengzhi.audit.services import record
from zhengzhi.jobs.services import enqueue
from zhengzhi.supervision.models import (
    Edition,
    EditionStatus,
    IssuedDocument,
    Mention,
    MentionReason,
    Series,
)
from zhengzhi.supervision.periods import period_of
from zhengzhi.supervision.services.errors import SupervisionError

DRAFT_JOB = "supervision.draft"
MAX_TEXT = 20_000


def _stale() -> SupervisionError:
    return SupervisionError(
        _("Someone changed this edition meanwhile: reload the page and try again."), "stale"
    )


@transaction.atomic
def start_draft(series: Series, start: dt.date, *, actor, request=None) -> Edition:
    """A new edition of the series for the period holding `start`; drafted by the worker."""
    if not series.is_active:
        raise SupervisionError(_("This series is no longer issued."), "inactive")
    start, end = period_of(series.frequency, start)
    if Edition.objects.filter(series=series, period_start=start).exists():
        raise SupervisionError(
            _("This series already has an edition for %(start)s–%(end)s.")
            % {"start": start, "end": end},
            "exists",
            "period",
        )
    edition = Edition.objects.create(
        series=series, period_start=start, period_end=end, created_by=actor
    )
    record("supervision.edition.drafting", actor=actor, obj=edition, request=request)
    enqueue(DRAFT_JOB, created_by=actor, edition_id=edition.pk)
    return edition


@transaction.atomic
def redraft(edition_id: int, *, actor, version: int, request=None) -> Edition:
    """Draft the edition's facts again (the office's texts and photo choices are kept)."""
    edition = Edition.objects.select_for_update().get(pk=edition_id)
    if edition.version != version:
        raise _stale()
    if edition.status not in (EditionStatus.DRAFT, EditionStatus.FAILED):
        raise SupervisionError(_("Only a draft can be drafted again."), "status")
    edition.status, edition.version = EditionStatus.DRAFTING, edition.version + 1
    edition.save(update_fields=["status", "version"])
    record("supervision.edition.drafting", actor=actor, obj=edition, request=request)
    enqueue(DRAFT_JOB, created_by=actor, edition_id=edition.pk)
    return edition


def build_data(edition: Edition, *, now: dt.datetime | None = None) -> dict:
    """Every registered section's facts for the edition's period (None: nothing to say)."""
    from zhengzhi.supervision.drafting.context import DraftContext
    from zhengzhi.supervision.drafting.registry import sections

    ctx = DraftContext(
        series=edition.series,
        start=edition.period_start,
        end=edition.period_end,
        now=now or timezone.now(),
        user=edition.created_by,
    )
    return {s.key: s.build(ctx) for s in sections()}


def default_photos(data: dict, how_many: int) -> list[int]:
    candidates = (data.get("typical") or {}).get("candidates", [])
    return [c["id"] for c in candidates if c["before"] and c["after"]][:how_many]


def draft(edition_id: int, *, now: dt.datetime | None = None) -> Edition | None:
    """The worker's part: the facts read (outside the lock: they take seconds), then stored
    on the edition if it is still being drafted."""
    edition = Edition.objects.select_related("series__campaign", "created_by").get(pk=edition_id)
    if edition.status != EditionStatus.DRAFTING:
        return None
    try:
        data = build_data(edition, now=now)
        error = ""
    except Exception as exc:  # shown to the office; the job log keeps the trace
        data, error = {}, f"{type(exc).__name__}: {exc}"
    with transaction.atomic():
        edition = (
            Edition.objects.select_for_update(of=("self",))
            .select_related("series")
            .get(pk=edition_id)
        )
        if edition.status != EditionStatus.DRAFTING:
            return None
        if error:
            edition.status, edition.error = EditionStatus.FAILED, error[:2000]
        else:
            edition.status, edition.error, edition.data = EditionStatus.DRAFT, "", data
            edition.drafted_at = now or timezone.now()
            kept = [i for i in edition.photo_choices if i in _candidate_ids(data)]
            edition.photo_choices = kept or default_photos(data, edition.series.photos)
        edition.version += 1
        edition.save()
        record("supervision.edition.drafted", obj=edition, data={"error": error[:200]})
    return edition


def _candidate_ids(data: dict) -> set[int]:
    return {c["id"] for c in (data.get("typical") or {}).get("candidates", [])}


@transaction.atomic
def edit(
    edition_id: int,
    *,
    actor,
    version: int,
    title: str,
    progress_text: str,
    problems_text: str,
    advice_text: str,
    photo_choices: list[int],
    request=None,
) -> Edition:
    edition = Edition.objects.select_for_update().get(pk=edition_id)
    if edition.version != version:
        raise _stale()
    if edition.status != EditionStatus.DRAFT:
        raise SupervisionError(_("Only a draft can be edited."), "status")
    for name, text in (
        ("progress_text", progress_text),
        ("problems_text", problems_text),
        ("advice_text", advice_text),
    ):
        if len(text) > MAX_TEXT:
            raise SupervisionError(
                _("At most %(n)s characters.") % {"n": MAX_TEXT}, "too_long", name
            )
    unknown = [i for i in photo_choices if i not in _candidate_ids(edition.data)]
    if unknown:
        raise SupervisionError(
            _("Not a typical problem of this edition: %(ids)s")
            % {"ids": ", ".join(map(str, unknown))},
            "photo",
            "photo_choices",
        )
    edition.title = title.strip()[:120]
    edition.progress_text, edition.problems_text = progress_text.strip(), problems_text.strip()
    edition.advice_text = advice_text.strip()
    edition.photo_choices = list(dict.fromkeys(photo_choices))
    edition.version += 1
    edition.save()
    record(
        "supervision.edition.edited",
        actor=actor,
        obj=edition,
        request=request,
        data={"photos": edition.photo_choices},
    )
    return edition


def photo_reader(ids: set[str]):
    """Reads the chosen photos' bytes (the full image, as stored)."""
    from zhengzhi.files.models import StoredFile
    from zhengzhi.files.services import media_root

    paths = {str(f.pk): f.path for f in StoredFile.objects.filter(pk__in=[i for i in ids if i])}

    def read(pk: str) -> bytes | None:
        path = paths.get(pk)
        if not path:
            return None
        try:
            return (media_root() / path).read_bytes()
        except OSError:
            return None

    return read


def render_docx(edition: Edition, day: dt.date) -> bytes:
    from zhengzhi.supervision.drafting.document import WriteContext, write
    from zhengzhi.supervision.drafting.sections import chosen

    rows = chosen(edition.data.get("typical") or {}, edition.photo_choices)
    ids = {p[k] for p in rows for k in ("before", "after")}
    ctx = WriteContext(list(edition.photo_choices), photo_reader(ids))
    return write(edition, edition.data, ctx, day)


def store_document(edition: Edition, kind: str, content: bytes, now: dt.datetime) -> IssuedDocument:
    return IssuedDocument.objects.create(
        edition=edition,
        kind=kind,
        content=content,
        sha256=hashlib.sha256(content).hexdigest(),
        size=len(content),
        created_at=now,
    )


def _mentions(edition: Edition) -> list[Mention]:
    data, out = edition.data, []
    overdue = data.get("overdue") or {}
    for p in overdue.get("worst", []):
        out.append(Mention(edition=edition, unit_id=p["unit_id"], problem_id=p["id"],
                           reason=MentionReason.OVERDUE))  # fmt: skip
    for p in overdue.get("rebound", []):
        out.append(Mention(edition=edition, unit_id=p["unit_id"], problem_id=p["id"],
                           reason=MentionReason.REBOUND))  # fmt: skip
    from zhengzhi.supervision.drafting.sections import chosen

    for p in chosen(data.get("typical") or {}, edition.photo_choices):
        out.append(Mention(edition=edition, unit_id=p["unit_id"], problem_id=p["id"],
                           reason=MentionReason.TYPICAL))  # fmt: skip
    for r in (data.get("ranking") or {}).get("rows", [])[-3:]:
        out.append(Mention(edition=edition, unit_id=r["unit_id"], reason=MentionReason.LOW_RANK))
    return [m for m in out if m.unit_id]


def _readers():
    """Every unit's inbox: the active users leading a unit or handling its problems, and the
    leaders."""
    from zhengzhi.accounts.models import User
    from zhengzhi.core.roles import Role

    return User.objects.filter(
        is_active=True,
        unit__is_active=True,
        roles__role__in=(Role.UNIT_LEADER, Role.HANDLER, Role.LEADER, Role.OFFICE_ADMIN),
    ).distinct()


@transaction.atomic
def issue(
    edition_id: int, *, actor, version: int, now: dt.datetime | None = None, request=None
) -> Edition:
    """Numbered 第 N 期 of the series' year under a lock on the series (two issuers at once
    take N and N+1), the .docx written from the stored facts and kept, every unit told; the
    PDF follows from the worker."""
    from zhengzhi.notifications.messages import Message
    from zhengzhi.notifications.services import notify

    now = now or timezone.now()
    edition = Edition.objects.select_for_update().get(pk=edition_id)
    if edition.status != EditionStatus.DRAFT:
        raise SupervisionError(_("Only a draft can be issued."), "status")
    if edition.version != version:
        raise _stale()
    series = (
        Series.objects.select_for_update(of=("self",))
        .select_related("campaign")
        .get(pk=edition.series_id)
    )
    edition.series = series
    day = timezone.localdate(now)
    last = Edition.objects.filter(series=series, year=day.year).aggregate(n=Max("number"))["n"]
    edition.year, edition.number = day.year, (last or 0) + 1
    edition.status, edition.issued_at, edition.issued_by = EditionStatus.ISSUED, now, actor
    if not edition.title:
        from zhengzhi.supervision.drafting.document import default_title

        edition.title = default_title(edition)
    edition.version += 1
    edition.save()
    store_document(edition, "docx", render_docx(edition, day), now)
    Mention.objects.bulk_create(_mentions(edition))
    record(
        "supervision.edition.issued",
        actor=actor,
        obj=edition,
        request=request,
        data={"year": edition.year, "number": edition.number},
    )
    notify(
        _readers(),
        Message(
            gettext_noop("%(series)s, issue %(number)s of %(year)s"),
            {"series": series.name, "number": edition.number, "year": edition.year},
        ),
        edition.title,
        url=f"/supervision/editions/{edition.pk}/",
        kind="supervision.edition",
        channels=("inbox",),
    )
    from zhengzhi.supervision.services.pdf import enqueue_pdf

    enqueue_pdf(edition.pk)
    return edition
