"""Where the apps built on the ledger plug into it.

The ledger is layer 3: it never imports campaigns, public reporting, satisfaction or the apps
still to come (cases, inspections, supervision). They reach its pages through the small
registries below, which each fills once in its `AppConfig.ready`, as they already do for the
loop's notices (`services.notices.register_listener`). Registering a key again replaces the
entry, so a test may register and unregister without leaking into the next test.

Each registry keeps the shape its one caller needs; add a registry here (not a copy of one
elsewhere) when a higher app needs a new place on a ledger page.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class DetailPanel:
    """A block on the problem page, drawn by a higher app.

    `context(user, problem, allowed)` returns the template's context, or None to draw nothing;
    `allowed` is the set of moves the user may make on the problem now. `where` places it:
    "facts" (a <dt>/<dd> pair in the facts list) or "main" (a block below the timeline).
    """

    key: str
    template: str
    context: Callable[[Any, Any, set[str]], dict | None]
    where: str = "main"
    order: int = 100


_detail_panels: dict[str, DetailPanel] = {}


def register_detail_panel(panel: DetailPanel) -> None:
    _detail_panels[panel.key] = panel


def unregister_detail_panel(key: str) -> None:
    _detail_panels.pop(key, None)


def detail_panels() -> list[DetailPanel]:
    return sorted(_detail_panels.values(), key=lambda p: (p.order, p.key))
