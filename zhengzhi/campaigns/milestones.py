"""Milestone arithmetic: the cumulative figure a task (or a unit's share of it) should have
reached on a day, and whether it is ahead, on track or behind.

The milestone line (序时进度) runs from 0 on the day before the task starts through each dated
milestone to the full target on the deadline, straight between its points; a day's value is the
line at the end of that day, after the deadline the target.

Status of a cumulative figure on a day:
- behind (滞后): a dated milestone up to that day is not reached, or the figure is below the
  line by more than the tolerance;
- ahead (超前): above the line by more than the tolerance, or the target is reached;
- on track (正常) otherwise.
The tolerance is TOLERANCE (5 %) of the target: a few structures either way on a line of
hundreds is not news to a leader.
A unit's share runs on the task's line scaled by its target over the task's target.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

TOLERANCE = Decimal("0.05")
DAY = dt.timedelta(days=1)


class Standing(models.TextChoices):
    AHEAD = "ahead", _("Ahead")
    ON_TRACK = "on_track", _("On track")
    BEHIND = "behind", _("Behind")
    NO_TARGET = "none", _("No target")
    NOT_STARTED = "not_started", _("Not started")  # the campaign is still in preparation


@dataclass(frozen=True)
class Line:
    """(day, cumulative value) points in date order, starting at zero."""

    points: tuple[tuple[dt.date, Decimal], ...]
    target: Decimal

    @classmethod
    def build(
        cls,
        start: dt.date,
        deadline: dt.date,
        target: Decimal,
        milestones: list[tuple[dt.date, Decimal]],
    ) -> Line:
        points: list[tuple[dt.date, Decimal]] = [(start - DAY, Decimal(0))]
        for day, value in sorted(milestones):
            if day <= points[-1][0]:
                continue
            points.append((day, min(Decimal(value), target)))
        if points[-1][0] < deadline:
            points.append((deadline, target))
        return cls(tuple(points), Decimal(target))

    def value(self, day: dt.date) -> Decimal:
        pts = self.points
        if day <= pts[0][0]:
            return Decimal(0)
        for (d0, v0), (d1, v1) in zip(pts, pts[1:], strict=False):
            if day <= d1:
                span = (d1 - d0).days
                return v0 + (v1 - v0) * Decimal((day - d0).days) / Decimal(span)
        return pts[-1][1] if len(pts) > 1 else self.target

    def chart(self, days: list[dt.date], scale: float = 1.0) -> list[float]:
        """The line at each of `days` (in date order), scaled and rounded to hundredths, for a
        chart: one walk along the segments in float arithmetic, not a Decimal search per day (a
        county sheet draws 30 tasks over a 365-day campaign)."""
        pts = [(d, float(v)) for d, v in self.points]
        last = pts[-1][1] if len(pts) > 1 else float(self.target)
        out: list[float] = []
        i = 0
        for day in days:
            if day <= pts[0][0]:
                out.append(0.0)
                continue
            while i + 1 < len(pts) and day > pts[i + 1][0]:
                i += 1
            if i + 1 >= len(pts):
                out.append(round(last * scale, 2))
                continue
            (d0, v0), (d1, v1) = pts[i], pts[i + 1]
            value = v0 + (v1 - v0) * (day - d0).days / (d1 - d0).days
            out.append(round(value * scale, 2))
        return out

    def missed(self, day: dt.date, actual: Decimal, scale: Decimal = Decimal(1)) -> bool:
        """Whether a dated milestone up to `day` is not reached (the first point is the zero)."""
        return any(d <= day and actual < v * scale for d, v in self.points[1:])

    def standing(
        self,
        day: dt.date,
        actual: Decimal,
        scale: Decimal = Decimal(1),
        *,
        expected: Decimal | None = None,
    ) -> str:
        """`expected`: value(day) when the caller has it (a sheet asks for each of its units)."""
        target = self.target * scale
        if target <= 0:
            return Standing.NO_TARGET
        if self.missed(day, actual, scale):
            return Standing.BEHIND
        expected = (self.value(day) if expected is None else expected) * scale
        margin = target * TOLERANCE
        if actual >= target or actual > expected + margin:
            return Standing.AHEAD
        if actual < expected - margin:
            return Standing.BEHIND
        return Standing.ON_TRACK


def percent(actual: Decimal, target: Decimal) -> Decimal | None:
    if not target:
        return None
    return (Decimal(actual) * 100 / Decimal(target)).quantize(Decimal("0.1"))
