"""The inspectors' own rung of the ladder: missed problems (漏查), flagged by the inspections app
(issue 20). Accountability only reads them, through a selector the inspections app may offer:

    zhengzhi.inspections.selectors.missed_flags() -> iterable of objects (or dicts) with
        unit_id     the inspector's unit, held to account
        problem_id  the problem the inspection missed (the record's basis; one record each)
        text        what was missed, for people

Until the selector exists this yields nothing; nothing else of inspections is touched.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module

SELECTOR = "zhengzhi.inspections.selectors"


@dataclass(frozen=True)
class MissedFlag:
    unit_id: int
    problem_id: int
    text: str


def missed_flags() -> list[MissedFlag]:
    try:
        module = import_module(SELECTOR)
    except ModuleNotFoundError:
        return []
    fn = getattr(module, "missed_flags", None)
    if fn is None:
        return []
    out = []
    for flag in fn():
        get = flag.get if isinstance(flag, dict) else lambda k, f=flag: getattr(f, k, None)
        if get("unit_id") and get("problem_id"):
            out.append(MissedFlag(get("unit_id"), get("problem_id"), str(get("text") or "")))
    return out
