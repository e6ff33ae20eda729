"""Scoring a visit: each item by its rule (pass/fail, deduction per finding, points in bands),
the visit in points and in percent of the points that applied, against the pass line."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from zhengzhi.inspections.models import ChecklistItem, Result, Scoring
from zhengzhi.inspections.services.errors import InspectionError

ZERO = Decimal(0)
HUNDRED = Decimal(100)


@dataclass(frozen=True)
class Scored:
    result: str
    findings: int
    points: Decimal | None  # what the inspector gave (a banded item)
    score: Decimal | None  # None: not applicable
    band: str = ""


def band_of(item: ChecklistItem, points: Decimal) -> dict | None:
    for band in item.bands or []:
        if Decimal(str(band["min"])) <= points <= Decimal(str(band["max"])):
            return band
    return None


def _fails(item: ChecklistItem, band: dict | None) -> bool:
    bands = item.bands or []
    if band is None or not bands:
        return False
    if any(b.get("fails") for b in bands):
        return bool(band.get("fails"))
    lowest = min(bands, key=lambda b: Decimal(str(b["min"])))
    return band is lowest


def score_item(
    item: ChecklistItem, result: str, *, findings: int = 0, points: Decimal | None = None
) -> Scored:
    """Raises InspectionError naming the item when the answer does not fit its rule."""
    if result not in Result.values:
        raise InspectionError(f"{item.code}: unknown result {result!r}", "invalid")
    if result == Result.NA:
        return Scored(Result.NA, 0, None, None)
    if item.scoring == Scoring.POINTS:
        if points is None:
            if result == Result.PASS:
                points = item.points
            else:
                raise InspectionError(
                    f"{item.code}: give the points (0–{item.points})", "points_required"
                )
        if not ZERO <= points <= item.points:
            raise InspectionError(f"{item.code}: points must be 0–{item.points}", "invalid")
        band = band_of(item, points)
        failed = _fails(item, band)
        return Scored(
            Result.FAIL if failed else Result.PASS,
            0,
            points,
            points,
            band.get("label", "") if band else "",
        )
    if item.scoring == Scoring.DEDUCTION:
        if result == Result.FAIL:
            findings = max(findings, 1)
        elif findings:
            result = Result.FAIL
        deducted = (item.deduction or ZERO) * findings
        return Scored(result, findings, None, max(ZERO, item.points - deducted))
    if result == Result.FAIL:
        return Scored(Result.FAIL, max(findings, 1), None, ZERO)
    return Scored(Result.PASS, 0, None, item.points)


@dataclass(frozen=True)
class Total:
    score: Decimal
    max_score: Decimal
    percent: Decimal | None
    passed: bool | None
    failures: int


def total(items_and_scores: list[tuple[ChecklistItem, Scored]], pass_line) -> Total:
    applied: list[tuple[ChecklistItem, Decimal]] = []
    for item, scored in items_and_scores:
        if scored.score is not None:
            applied.append((item, scored.score))
    score = sum((given for _, given in applied), ZERO)
    max_score = sum((i.points for i, _ in applied), ZERO)
    percent = (score * HUNDRED / max_score).quantize(Decimal("0.01")) if max_score else None
    passed = None if percent is None or pass_line is None else percent >= pass_line
    failures = sum(1 for _, s in items_and_scores if s.result == Result.FAIL)
    return Total(score, max_score, percent, passed, failures)
