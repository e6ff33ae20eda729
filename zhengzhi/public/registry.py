"""Where the apps built on public reporting plug into its pages (as the ledger's registry does
for the ledger's: zhengzhi.ledger.registry). Public reporting never imports them; each fills
its entry once in its `AppConfig.ready`. Registering a key again replaces the entry.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class TrackPanel:
    """A block on the citizen's tracking page (rewards: the tip reward of the report).

    `context(report)` returns the template's context, or None to draw nothing. Only what the
    reporter may know goes in: the page is reached with the tracking code alone.
    """

    key: str
    template: str
    context: Callable[[Any], dict | None]
    order: int = 100


_track_panels: dict[str, TrackPanel] = {}


def register_track_panel(panel: TrackPanel) -> None:
    _track_panels[panel.key] = panel


def unregister_track_panel(key: str) -> None:
    _track_panels.pop(key, None)


def track_panels() -> list[TrackPanel]:
    return sorted(_track_panels.values(), key=lambda p: (p.order, p.key))
