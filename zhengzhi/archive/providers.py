"""Where the archive fills itself from what the platform already holds.

A provider is a function `(requirement, duty, years) -> Iterable[Found]`, registered under a
name; a requirement whose `fill_from` names it is filled by it (services.filling). The built-in
ones read the apps below: problems of the item's mapped categories closed with before and after
photos, confirmed indicator values with their proving document, the campaign's documents and the
photos of progress reports on the row's tasks. Apps above the archive (inspections) register
theirs in their AppConfig.ready:

    from zhengzhi.archive.providers import register_provider
    register_provider("inspections", inspection_records, label=_("Inspection records"))
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Found:
    key: str  # what it was found in, e.g. "ledger.problem:17"; unique per requirement
    unit_id: int
    year: int
    file_id: Any  # a StoredFile's pk
    title: str
    verified: bool = False  # already checked by the office (a closed problem, a confirmed value)


Provider = Callable[[Any, Any, list[int]], Iterable[Found]]


@dataclass(frozen=True)
class Registered:
    fn: Provider
    label: Any
    source: str


PROVIDERS: dict[str, Registered] = {}


def register_provider(name: str, fn: Provider, *, label: Any, source: str = "") -> None:
    PROVIDERS[name] = Registered(fn=fn, label=label, source=source or name)


def choices() -> list[tuple[str, Any]]:
    return [(name, p.label) for name, p in PROVIDERS.items()]


def closed_problems(requirement, duty, years: list[int]) -> Iterable[Found]:
    """Problems of the item's mapped categories closed in the cycle with before and after photos
    (the after photo is the evidence; the album pairs it with the before one)."""
    from zhengzhi.files.models import FileKind, StoredFile
    from zhengzhi.ledger.models import Problem, Status

    categories = list(requirement.item.problem_categories.values_list("pk", flat=True))
    if not categories or not years:
        return []
    problem_type = ContentType.objects.get_for_model(Problem)
    photos = StoredFile.objects.filter(
        owner_type=problem_type, owner_id=OuterRef("pk"), kind=FileKind.IMAGE
    )
    problems = (
        Problem.objects.filter(Q(category__in=categories) | Q(main_category__in=categories))
        .filter(
            status=Status.CLOSED,
            closed_at__year__gte=min(years),
            closed_at__year__lte=max(years),
            owner_unit__isnull=False,
        )
        .filter(Exists(photos.exclude(purpose__in=("after", "verify"))))
        .filter(Exists(photos.filter(purpose="after")))
        .values_list("pk", "number", "owner_unit_id", "closed_at")
        .order_by("closed_at", "pk")
    )
    rows = list(problems)
    after: dict[int, Any] = {}
    for owner_id, file_id in (
        StoredFile.objects.filter(
            owner_type=problem_type,
            owner_id__in=[r[0] for r in rows],
            purpose="after",
            kind=FileKind.IMAGE,
        )
        .order_by("created_at", "pk")
        .values_list("owner_id", "pk")
    ):
        after.setdefault(owner_id, file_id)
    from django.utils import timezone

    for pk, number, unit_id, closed_at in rows:
        yield Found(
            key=f"ledger.problem:{pk}",
            unit_id=unit_id,
            year=timezone.localtime(closed_at).year,
            file_id=after[pk],
            title=f"{number} 整改前后",
            verified=True,
        )


def indicator_proofs(requirement, duty, years: list[int]) -> Iterable[Found]:
    """Confirmed values, with their proving document, of the measures the item's indicators
    (or the row's indicator) judge."""
    from zhengzhi.standards.models import Indicator, IndicatorValue, ValueStatus

    measures = Indicator.objects.filter(item=requirement.item).values("measure")
    values = (
        IndicatorValue.objects.filter(
            measure__in=measures,
            current=True,
            status=ValueStatus.CONFIRMED,
            document__isnull=False,
            period__year__in=years,
        )
        .select_related("measure")
        .order_by("period", "pk")
    )
    for value in values:
        yield Found(
            key=f"standards.value:{value.pk}",
            unit_id=value.unit_id,
            year=value.period.year,
            file_id=value.document_id,
            title=f"{value.measure.name} {value.period:%Y}",
            verified=True,
        )


def campaign_documents(requirement, duty, years: list[int]) -> Iterable[Found]:
    """The campaign's plan, notices and minutes (documents the office attached to it)."""
    from django.utils import timezone

    from zhengzhi.campaigns.models import Campaign
    from zhengzhi.files.models import FileKind, StoredFile

    if duty.lead_unit_id is None:
        return
    files = StoredFile.objects.filter(
        owner_type=ContentType.objects.get_for_model(Campaign),
        owner_id=requirement.campaign_id,
        kind=FileKind.DOCUMENT,
    ).order_by("created_at", "pk")
    for stored in files:
        year = timezone.localtime(stored.created_at).year
        if year in years:
            yield Found(
                key=f"campaigns.document:{stored.pk}",
                unit_id=duty.lead_unit_id,
                year=year,
                file_id=stored.pk,
                title=stored.original_name[:200],
            )


def report_photos(requirement, duty, years: list[int]) -> Iterable[Found]:
    """Photos sent with the current progress reports of the row's tasks."""
    from zhengzhi.campaigns.models import ProgressReport
    from zhengzhi.files.models import FileKind, StoredFile

    reports = ProgressReport.objects.filter(
        task__in=duty.tasks.all(), is_current=True, period__year__in=years
    ).values_list("pk", "unit_id", "period")
    by_report = {pk: (unit_id, period) for pk, unit_id, period in reports}
    if not by_report:
        return
    files = StoredFile.objects.filter(
        owner_type=ContentType.objects.get_for_model(ProgressReport),
        owner_id__in=list(by_report),
        kind=FileKind.IMAGE,
    ).order_by("created_at", "pk")
    for stored in files:
        unit_id, period = by_report[stored.owner_id]
        yield Found(
            key=f"campaigns.report_photo:{stored.pk}",
            unit_id=unit_id,
            year=period.year,
            file_id=stored.pk,
            title=f"{period:%Y-%m-%d} {stored.original_name}"[:200],
        )


def register_builtin() -> None:
    register_provider("problems", closed_problems, label=_("Closed problems"))
    register_provider("indicators", indicator_proofs, label=_("Indicator proofs"))
    register_provider("documents", campaign_documents, label=_("Campaign documents"))
    register_provider("reports", report_photos, label=_("Progress report photos"))
