"""Where the apps built on the organisation plug into it.

Territory (grids) sits above org: org never imports it. What org must ask of the layers above
— may this community change its division code, may this unit be deactivated — what it must
tell them — the territorial tree changed — what they record in a unit's history (read by
supervision) and the panels they add to a unit's page go through these registries, filled in
the higher app's `AppConfig.ready`. Registering a key again replaces the entry.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

# fn(data: UnitData, instance: Unit | None, add: Callable[[field, message], None])
UnitCheck = Callable[[Any, Any, Callable[[str, str], None]], None]
# fn(unit) -> reasons it cannot be deactivated now
DeactivationBlocker = Callable[[Any], list[str]]
# fn() after a change of the territorial tree (parent, kind, level, division code, activity)
TerritoryListener = Callable[[], None]

_unit_checks: dict[str, UnitCheck] = {}
_blockers: dict[str, DeactivationBlocker] = {}
_territory_listeners: dict[str, TerritoryListener] = {}


def register_unit_check(key: str, fn: UnitCheck) -> None:
    _unit_checks[key] = fn


def unit_checks() -> list[UnitCheck]:
    return list(_unit_checks.values())


def register_deactivation_blocker(key: str, fn: DeactivationBlocker) -> None:
    _blockers[key] = fn


def deactivation_blocker_fns() -> list[DeactivationBlocker]:
    return list(_blockers.values())


def register_territory_listener(key: str, fn: TerritoryListener) -> None:
    _territory_listeners[key] = fn


def territory_changed() -> None:
    for fn in list(_territory_listeners.values()):
        fn()


# ---- a unit's history ---------------------------------------------------------------------------


@dataclass(frozen=True)
class HistoryEntry:
    """One record in a unit's history, from an app above org: a bulletin that named the unit,
    an inspection's finding, a supervision letter. `open` says the matter still awaits the unit
    (a unit's "open supervision items" are its open entries)."""

    at: dt.datetime
    kind: str  # the source's key, e.g. "supervision.mention"
    label: Any  # what it is, for people (may be a lazy translation)
    text: str
    url: str = ""
    open: bool = False


# fn(unit_ids, since, until, open_only) -> the unit's entries from one source
HistorySource = Callable[[Any, dt.datetime | None, dt.datetime | None, bool], list[HistoryEntry]]
_history_sources: dict[str, HistorySource] = {}


def register_history_source(key: str, fn: HistorySource) -> None:
    _history_sources[key] = fn


def unregister_history_source(key: str) -> None:
    _history_sources.pop(key, None)


def unit_history(
    unit_ids,
    since: dt.datetime | None = None,
    until: dt.datetime | None = None,
    *,
    open_only: bool = False,
) -> list[HistoryEntry]:
    """Every registered source's entries for the units, newest first."""
    out: list[HistoryEntry] = []
    for fn in list(_history_sources.values()):
        out += fn(unit_ids, since, until, open_only)
    return sorted(out, key=lambda e: e.at, reverse=True)


# ---- panels on a unit's page ---------------------------------------------------------------------


@dataclass(frozen=True)
class UnitPanel:
    """A section an app above org adds to a unit's page (e.g. the supervision groups covering
    it): `context(unit, user)` gives its template's context, None when there is nothing to show.
    The unit is one the user may see (the page checked it)."""

    key: str
    template: str
    context: Callable[[Any, Any], dict | None]
    order: int = 100


_unit_panels: dict[str, UnitPanel] = {}


def register_unit_panel(panel: UnitPanel) -> None:
    _unit_panels[panel.key] = panel


def unregister_unit_panel(key: str) -> None:
    _unit_panels.pop(key, None)


def unit_panels(unit, user) -> list[tuple[str, dict]]:
    """(template, context) of every registered panel with something to show, in order."""
    out = []
    for panel in sorted(_unit_panels.values(), key=lambda p: (p.order, p.key)):
        context = panel.context(unit, user)
        if context is not None:
            out.append((panel.template, context))
    return out
