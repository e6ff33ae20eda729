"""The cases API's request and answer schemas."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Literal

from ninja import Field, Schema

from zhengzhi.cases.models import CaseState, GoodsUnit, Outcome, Recheck, TransferBody
from zhengzhi.core.api_errors import FieldError
from zhengzhi.core.validators import DbId, InputSchema, SafeDate

StateValue = Literal[tuple(CaseState.values)]  # type: ignore[valid-type]
UnitValue = Literal[tuple(GoodsUnit.values)]  # type: ignore[valid-type]
BodyValue = Literal[tuple(TransferBody.values)]  # type: ignore[valid-type]
OutcomeValue = Literal[tuple(v for v in Outcome.values if v)]  # type: ignore[valid-type]
ResultValue = Literal[tuple(v for v in Recheck.Result.values if v)]  # type: ignore[valid-type]


class ErrorOut(Schema):
    """A refusal with its reason (and code); a 422 of the schema's own checks lists the fields."""

    detail: str | list[FieldError]
    code: str = ""
    errors: dict[str, str] = Field(default_factory=dict)


class CaseFiltersIn(InputSchema):
    type: str = Field("", max_length=40, description="Case type code, e.g. off_channel")
    state: Literal[("",) + tuple(CaseState.values)] = ""  # type: ignore[valid-type]
    start: SafeDate | None = Field(None, description="Filed on or after")
    end: SafeDate | None = Field(None, description="Filed on or before")
    major: bool = False
    q: str = Field("", max_length=60, description="Number prefix, party or vehicle")


class GoodsIn(InputSchema):
    description: str = Field(min_length=1, max_length=120)
    quantity: Decimal = Field(gt=0, max_digits=14, decimal_places=3)
    unit: UnitValue
    counterfeit: bool = False


class GoodsOut(Schema):
    description: str
    quantity: Decimal
    unit: str
    sticks: int
    counterfeit: bool


class CaseIn(InputSchema):
    type: str = Field(max_length=40, description="Case type code")
    site_id: DbId | None = None
    party: str = Field("", max_length=100)
    vehicle: str = Field("", max_length=20)
    place: str = Field("", max_length=200)
    summary: str = Field("", max_length=4000)
    value: Decimal = Field(ge=0, max_digits=14, decimal_places=4, description="案值, 万元")
    counterfeit: bool = False
    found_on: SafeDate
    filed_on: SafeDate | None = None
    goods: list[GoodsIn] = Field(default_factory=list, max_length=50)


class TransferOut(Schema):
    id: int
    body: str
    receiving_unit_id: int | None
    receiving_name: str
    transferred_on: dt.date
    outcome: str
    people: int


class RecheckOut(Schema):
    id: int
    seq: int
    due_on: dt.date
    done_at: dt.datetime | None
    result: str


class CaseOut(Schema):
    id: int
    number: str
    type: str = Field(alias="case_type.code")
    type_name: str = Field(alias="case_type.name")
    site_id: int | None
    party: str
    vehicle: str
    value: Decimal
    sticks: int
    counterfeit: bool
    major: bool
    state: str
    handling_unit_id: int
    filed_on: dt.date
    version: int


class CaseDetailOut(CaseOut):
    place: str
    summary: str
    found_on: dt.date
    decided_on: dt.date | None
    closed_on: dt.date | None
    fine: Decimal
    confiscation: Decimal
    paid: Decimal
    goods: list[GoodsOut]
    transfers: list[TransferOut]
    rechecks: list[RecheckOut]


class AdvanceIn(InputSchema):
    target: StateValue
    version: int | None = Field(None, ge=1, le=2**31 - 1)
    on: SafeDate | None = None
    decision_number: str = Field("", max_length=60)
    fine: Decimal | None = Field(None, ge=0, max_digits=14, decimal_places=2)
    confiscation: Decimal | None = Field(None, ge=0, max_digits=14, decimal_places=2)


class TransferIn(InputSchema):
    body: BodyValue
    receiving_unit_id: DbId | None = None
    receiving_name: str = Field("", max_length=100)
    document_number: str = Field("", max_length=60)
    on: SafeDate | None = None
    version: int | None = Field(None, ge=1, le=2**31 - 1)


class RecheckIn(InputSchema):
    result: ResultValue
    note: str = Field("", max_length=200)


class TablesIn(InputSchema):
    start: SafeDate
    end: SafeDate
    unit: DbId | None = None


class LineOut(Schema):
    label: str
    cases: int
    wan_sticks: Decimal
    value_wan: Decimal


class BreakdownOut(Schema):
    types: list[LineOut]
    total: LineOut
    transfers: list[LineOut]
    detained: int
    arrested: int
    sentenced: int
    paid_wan: Decimal
    people: int
    vehicles: int
    destroyed_cases: Decimal
    destroyed_value_wan: Decimal
