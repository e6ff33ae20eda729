"""Deadlines from the category's staged time limits, on the working calendar."""

from __future__ import annotations

import datetime as dt

from zhengzhi.ledger.models import Category
from zhengzhi.workcal.calendar import WorkCalendar

DEFAULT_LIMIT = {"name": "", "amount": 5, "unit": "work_days"}


def stage_deadlines(
    category: Category, start: dt.datetime, calendar: WorkCalendar | None = None
) -> list[dict]:
    """Each stage counted from the start, e.g. fence off in 3 urgent hours, repair in 8 hours,
    restore the road in 5 working days. The last stage is the problem's deadline."""
    calendar = calendar or WorkCalendar.load()
    stages = category.stages or [DEFAULT_LIMIT]
    return [
        {
            "name": s.get("name", ""),
            "due_at": calendar.add_limit(start, float(s["amount"]), s["unit"]).isoformat(),
        }
        for s in stages
    ]


def verify_deadline(
    category: Category, start: dt.datetime, calendar: WorkCalendar | None = None
) -> dt.datetime:
    calendar = calendar or WorkCalendar.load()
    return calendar.add_limit(start, category.verify_amount, category.verify_unit)
