"""API schemas of /api/v1/standards."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from ninja import Field, Schema

from zhengzhi.core.validators import DbId


class ErrorOut(Schema):
    detail: str | list
    code: str = ""


class VersionOut(Schema):
    id: int
    code: str
    name: str
    kind: str
    document: str
    effective_from: dt.date | None
    copied_from_id: int | None
    superseded_by_id: int | None
    total_points: Decimal | None
    pass_line: Decimal | None
    source: str
    confirmed: bool


class CheckpointOut(Schema):
    id: int
    text: str
    confirmed: bool


class ItemOut(Schema):
    id: int
    number: str
    text: str
    confirmed: bool
    checkpoints: list[CheckpointOut]


class CategoryOut(Schema):
    id: int
    code: str
    name: str
    points: Decimal | None
    confirmed: bool
    items: list[ItemOut]


class IndicatorOut(Schema):
    id: int
    number: str
    name: str
    measure_id: int
    rule: str
    target: Decimal | None
    target_grade: str
    target_text: str
    in_table: bool
    source: str
    confirmed: bool


class PrerequisiteOut(Schema):
    id: int
    number: str
    text: str
    confirmed: bool
    conditions: list[int]


class VersionDetailOut(VersionOut):
    categories: list[CategoryOut]
    indicators: list[IndicatorOut]
    prerequisites: list[PrerequisiteOut]


class MeasureOut(Schema):
    id: int
    code: str
    name: str
    unit: str
    value_kind: str
    frequency: str
    lead_department_id: int | None
    fact: str


class ValueOut(Schema):
    id: int
    measure_id: int
    unit_id: int
    period: dt.date
    number: Decimal | None
    flag: bool | None
    grade: str
    note: str
    document_id: str | None
    source: str
    status: str
    current: bool
    replaces_id: int | None
    entered_at: dt.datetime
    confirmed_at: dt.datetime | None

    @staticmethod
    def resolve_document_id(obj) -> str | None:
        return str(obj.document_id) if obj.document_id else None


class ValueIn(Schema):
    unit_id: DbId
    period: dt.date
    value: str = Field(max_length=40)
    note: str = Field("", max_length=300)
    document_id: str | None = Field(None, max_length=40)
    replaces: DbId | None = None


class GapIndicatorOut(Schema):
    indicator_id: int
    number: str
    name: str
    outcome: str
    enforced: bool
    value: str | None
    period: dt.date | None
    unit_id: int | None
    distance: Decimal | None
    absolute: Decimal | None
    projected: Decimal | None
    projection_periods: int | None


class GapPrerequisiteOut(Schema):
    prerequisite_id: int
    number: str
    outcome: str
    enforced: bool
    failing: list[int]


class GapOut(Schema):
    campaign_id: int
    standard_id: int
    review_date: dt.date
    verdict: str | None
    prerequisites: list[GapPrerequisiteOut]
    indicators: list[GapIndicatorOut]
    score_total: Decimal | None
    pass_line: Decimal | None
