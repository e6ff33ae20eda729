"""The inspectors' own rung of the ladder: missed problems (漏查), flagged by the inspections app
(issue 20) and read through its selector, `inspections.selectors.missed_flags` (accountability
sits above inspections and reads it directly)."""

from __future__ import annotations

from dataclasses import dataclass

from zhengzhi.inspections.selectors import missed_flags as inspection_flags


@dataclass(frozen=True)
class MissedFlag:
    unit_id: int
    problem_id: int
    text: str


def missed_flags() -> list[MissedFlag]:
    """The flags whose inspector has a unit to hold to account and whose later visit found a
    problem (the record's basis; one record each)."""
    return [
        MissedFlag(f["unit_id"], f["problem_id"], str(f["text"] or ""))
        for f in inspection_flags()
        if f["unit_id"] and f["problem_id"]
    ]
