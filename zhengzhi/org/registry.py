"""Where the apps built on the organisation plug into it.

Territory (grids) sits above org: org never imports it. What org must ask of the layers above
— may this community change its division code, may this unit be deactivated — and what it must
tell them — the territorial tree changed — goes through these registries, filled in the higher
app's `AppConfig.ready`. Registering a key again replaces the entry.
"""

from __future__ import annotations

from collections.abc import Callable
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
