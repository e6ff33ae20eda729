"""What a verifier records on the spot when closing a problem (核查销号): where they stood (and so
how far from the problem's point), the close standard's items they ticked, and why an item is
not ticked when one is not. The photos are attached by the close itself."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from zhengzhi.ledger.models import Problem
from zhengzhi.ledger.services.errors import MoveError
from zhengzhi.territory.geometry import GeometryError, check_lon_lat, distance_m

# A phone's position further off than this is no position (an IP guess, not GPS).
MAX_ACCURACY_M = 5000


@dataclass(frozen=True)
class Verification:
    checked: list[str]
    unchecked: list[str]
    reason: str
    stood: tuple[float, float] | None
    accuracy: float | None
    distance: float | None

    def as_data(self) -> dict[str, Any]:
        """For the close event's data (the timeline shows it; the audit row keeps it)."""
        data: dict[str, Any] = {"checked": self.checked}
        if self.unchecked:
            data["unchecked"] = self.unchecked
            data["unchecked_reason"] = self.reason
        if self.stood is not None:
            data["stood"] = [round(self.stood[0], 7), round(self.stood[1], 7)]
            if self.accuracy is not None:
                data["accuracy_m"] = round(self.accuracy)
            if self.distance is not None:
                data["distance_m"] = round(self.distance)
        return data


def verification(
    problem: Problem,
    *,
    checked: list[str] | None,
    reason: str,
    lon: float | None,
    lat: float | None,
    accuracy: float | None,
) -> Verification:
    """Checks what the verifier recorded; raises MoveError with a reason for the verifier."""
    items = list(problem.category.close_items or [])
    ticked = [item for item in items if item in set(checked or [])]
    unknown = [c for c in (checked or []) if c not in items]
    if unknown:
        raise MoveError(
            _("“%(item)s” is not an item of this category's close standard.")
            % {"item": unknown[0]},
            "invalid",
        )
    unchecked = [item for item in items if item not in ticked]
    reason = (reason or "").strip()
    if unchecked and not reason:
        raise MoveError(
            _(
                "Tick every item of the close standard that is met; for one that is not "
                "(%(items)s), say why it may still be closed, or send it back for rework."
            )
            % {"items": "、".join(unchecked)},
            "close_standard",
        )
    stood = _stood(lon, lat, accuracy)
    distance = None
    if stood is not None and problem.lon is not None and problem.lat is not None:
        distance = distance_m(stood[0], stood[1], problem.lon, problem.lat)
    return Verification(
        checked=ticked,
        unchecked=unchecked,
        reason=reason if unchecked else "",
        stood=stood,
        accuracy=accuracy if stood is not None else None,
        distance=distance,
    )


def _stood(
    lon: float | None, lat: float | None, accuracy: float | None
) -> tuple[float, float] | None:
    if lon is None and lat is None:
        return None
    if lon is None or lat is None:
        raise MoveError(_("Where you stood needs both longitude and latitude."), "invalid")
    try:
        check_lon_lat(lon, lat)
    except GeometryError as exc:
        raise MoveError(str(exc), "invalid") from None
    if accuracy is not None and (not math.isfinite(accuracy) or accuracy < 0):
        raise MoveError(_("The accuracy of your position is not a number of metres."), "invalid")
    return (lon, lat)


def distance_text(metres: float | int | None) -> str:
    if metres is None:
        return ""
    if metres >= 1000:
        return _("%(km).1f km from the problem's point") % {"km": metres / 1000}
    return _("%(m)d m from the problem's point") % {"m": round(metres)}
