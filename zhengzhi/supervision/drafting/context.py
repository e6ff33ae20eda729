"""What a section builder is given: the series, the period, the moment of drafting and the
office user the facts are read as (the bulletin goes to every unit: the office's scope)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from zhengzhi.ledger.indicators.periods import Period


@dataclass(frozen=True)
class DraftContext:
    series: Any
    start: dt.date
    end: dt.date
    now: dt.datetime
    user: Any
    memo: dict = field(default_factory=dict)  # what several sections read, computed once

    @property
    def period(self) -> Period:
        return Period(self.start, self.end)

    @property
    def campaign(self):
        return self.series.campaign

    def ranking(self):
        """The ledger's unit ranking of the period at the series' level (read once)."""
        from zhengzhi.ledger.indicators.ranking import rank

        if "ranking" not in self.memo:
            self.memo["ranking"] = rank(self.period, self.series.ranking_level, now=self.now)
        return self.memo["ranking"]
