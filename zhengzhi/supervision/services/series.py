"""The office's settings of supervision: bulletin series and review dates."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from zhengzhi.audit.services import record
from zhengzhi.supervision.models import ReviewDate, Series
from zhengzhi.supervision.services.errors import SupervisionError

SERIES_FIELDS = (
    "name",
    "kind",
    "issuer",
    "frequency",
    "campaign",
    "ranking_level",
    "photos",
    "is_active",
)


@transaction.atomic
def save_series(
    *, actor, values: dict, series: Series | None = None, version: int | None = None, request=None
) -> Series:
    if series is None:
        series = Series()
    else:
        series = Series.objects.select_for_update().get(pk=series.pk)
        if version is not None and series.version != version:
            raise SupervisionError(
                _("Someone changed this series meanwhile: reload the page and try again."),
                "stale",
            )
        if series.campaign_id != getattr(values.get("campaign"), "pk", None) and (
            series.editions.exists()
        ):
            raise SupervisionError(
                _("The campaign of a series with editions cannot change."), "campaign", "campaign"
            )
        series.version += 1
    for name in SERIES_FIELDS:
        if name in values:
            setattr(series, name, values[name])
    series.save()
    record("supervision.series.saved", actor=actor, obj=series, request=request)
    return series


@transaction.atomic
def save_review_date(*, actor, values: dict, request=None) -> ReviewDate:
    review = ReviewDate.objects.create(**values)
    record(
        "supervision.review_date.saved",
        actor=actor,
        obj=review,
        request=request,
        data={"kind": review.kind, "on": review.on.isoformat()},
    )
    return review
