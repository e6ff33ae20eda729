from __future__ import annotations

import datetime as dt

from ninja import Field, Schema


class ErrorOut(Schema):
    detail: str | list
    code: str = ""


class AmountOut(Schema):
    who: str
    amount: int


class RecordOut(Schema):
    id: int
    kind: str
    status: str
    unit: str
    unit_id: int
    step: int
    name: str
    year: int | None
    number: int | None
    total: int
    proposed_at: dt.datetime
    approved_at: dt.datetime | None
    url: str


class RecordDetailOut(RecordOut):
    basis: str
    penalties: list[AmountOut]
    self_criticism: bool
    problems: list[str]
    office_note: str
    response: str
    responded_at: dt.datetime | None
    document: bool
    version: int


class DecisionIn(Schema):
    version: int
    note: str = Field("", max_length=2000)


class ResponseIn(Schema):
    version: int
    response: str = Field(..., max_length=10_000)
