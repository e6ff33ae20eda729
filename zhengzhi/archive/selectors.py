"""What the archive's pages and exports read: the decomposition table's rows as a user sees
them, with their flags (no owner, no task)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch

from zhengzhi.archive.models import Duty
from zhengzhi.archive.scope import visible_duties
from zhengzhi.campaigns.models import Campaign, Task
from zhengzhi.org.models import Unit


@dataclass
class Row:
    duty: Duty
    category: Any  # standards.Category, or None for an indicator without one
    number: str
    text: str
    is_indicator: bool
    lead: Unit | None
    supporting: list[Unit]
    tasks: list[Task]

    @property
    def no_owner(self) -> bool:
        return self.lead is None

    @property
    def no_task(self) -> bool:
        return not self.tasks


def table_rows(user, campaign: Campaign, *, flagged: str = "") -> list[Row]:
    """The rows in the order of the standard: items by category, then the indicator table.
    `flagged`: "owner" (rows without a lead unit) or "task" (rows without a task)."""
    qs = (
        visible_duties(user, campaign)
        .select_related("item__category", "indicator__category", "indicator__measure", "lead_unit")
        .prefetch_related(
            Prefetch("supporting_units", queryset=Unit.objects.order_by("code", "pk")),
            Prefetch("tasks", queryset=Task.objects.order_by("order", "pk")),
        )
    )
    rows = []
    for duty in qs:
        if duty.item_id:
            item = duty.item
            category, number, text = item.category, item.number, item.text
            key: tuple = (0, category.position, category.pk, item.position, item.pk)
        else:
            ind = duty.indicator
            category, number, text = ind.category, ind.number, ind.name
            key = (1, 0, 0, ind.position, ind.pk)
        row = Row(
            duty=duty,
            category=category,
            number=number,
            text=text,
            is_indicator=not duty.item_id,
            lead=duty.lead_unit,
            supporting=list(duty.supporting_units.all()),
            tasks=list(duty.tasks.all()),
        )
        if flagged == "owner" and not row.no_owner or flagged == "task" and not row.no_task:
            continue
        rows.append((key, row))
    rows.sort(key=lambda pair: pair[0])
    return [row for _, row in rows]
