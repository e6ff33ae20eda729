"""Who carries out the cases' 查一补三 rechecks. The rule (RecheckRule) and the rechecks are the
cases app's; a higher app (inspections) registers a carrier in its AppConfig.ready and makes
each recheck a visit of its own. The cases app never imports it."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from zhengzhi.cases.models import Recheck

# Called in the filing's transaction with the rechecks just scheduled.
RECHECK_CARRIERS: list[Callable[[list[Recheck]], object]] = []


def register_recheck_carrier(fn: Callable[[list[Recheck]], object]) -> None:
    if fn not in RECHECK_CARRIERS:
        RECHECK_CARRIERS.append(fn)


def carry(rechecks: Iterable[Recheck]) -> None:
    rows = list(rechecks)
    if rows:
        for fn in RECHECK_CARRIERS:
            fn(rows)
