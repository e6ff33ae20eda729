"""Where the apps above the standards feed the gap page without the standards importing them.

Filled in the contributing app's AppConfig.ready (inspections: the checklist items tied to a
standard's items and checkpoints, answered on visits). An *item results* source answers, for a
standard and a year, {item id: {"answers", "failed", "rate"}} in a few queries whatever the
number of items; the gap page lists the items with their figures, worst first.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class ItemResults:
    key: str
    label: Any  # a lazy translation: "Inspections of the items (this year)"
    compute: Callable[[int, int], dict[int, dict]]  # (standard id, year) -> {item id: figures}
    order: int = 100


_item_results: dict[str, ItemResults] = {}


def register_item_results(source: ItemResults) -> None:
    _item_results[source.key] = source


def unregister_item_results(key: str) -> None:
    _item_results.pop(key, None)


def item_results() -> list[ItemResults]:
    return sorted(_item_results.values(), key=lambda s: (s.order, s.key))
