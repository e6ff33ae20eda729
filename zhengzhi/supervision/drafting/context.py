"""What a section builder is given: the series, the period, the moment of drafting and the
office user the facts are read as (the bulletin goes to every unit: the office's scope)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from zhengzhi.ledger.indicators.periods import Period


@dataclass(frozen=True)
class DraftContext:
    series: Any
    start: dt.date
    end: dt.date
    now: dt.datetime
    user: Any

    @property
    def period(self) -> Period:
        return Period(self.start, self.end)

    @property
    def campaign(self):
        return self.series.campaign
