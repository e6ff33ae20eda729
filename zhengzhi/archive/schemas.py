"""API schemas of /api/v1/archive."""

from __future__ import annotations

import datetime as dt
import uuid

from ninja import Field, Schema

from zhengzhi.core.validators import DbId


class ErrorOut(Schema):
    detail: str | list
    code: str = ""


class UnitRef(Schema):
    id: int
    name: str


class RowOut(Schema):
    id: int
    item_id: int | None
    indicator_id: int | None
    category: str
    number: str
    text: str
    lead_unit: UnitRef | None
    supporting_units: list[UnitRef]
    task_ids: list[int]
    no_owner: bool
    no_task: bool


class CountsOut(Schema):
    required: int
    present: int
    accepted: int
    missing: int


class UnitCountsOut(CountsOut):
    unit_id: int | None


class KeyedCountsOut(CountsOut):
    id: int


class CompletenessOut(Schema):
    years: list[int]
    total: CountsOut
    by_unit: list[UnitCountsOut]
    by_category: list[KeyedCountsOut]
    by_item: list[KeyedCountsOut]


class EvidenceOut(Schema):
    id: int
    requirement_id: int
    unit_id: int
    year: int
    title: str
    note: str
    source: str
    status: str
    return_reason: str
    file_id: uuid.UUID | None
    added_at: dt.datetime
    version: int


class RequirementOut(Schema):
    id: int
    item_id: int
    checkpoint_id: int | None
    title: str
    kind: str
    count: int
    per_unit: bool
    per_year: bool
    fill_from: str
    evidence: list[EvidenceOut]


class EvidenceIn(Schema):
    unit_id: DbId
    file_id: uuid.UUID
    year: int | None = Field(None, ge=1900, le=2200)
    title: str = Field("", max_length=200)
    note: str = Field("", max_length=300)


class ReturnIn(Schema):
    reason: str = Field(..., min_length=1, max_length=200)
    version: int | None = None


class ReviewIn(Schema):
    version: int | None = None
