"""Schemas of the campaigns API: bad input is a 422 naming the field, never a 500."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from uuid import UUID

from ninja import Field, Schema

from zhengzhi.core.validators import DbId, InputSchema, SafeDate


class ErrorOut(Schema):
    detail: str | list
    code: str = ""


class PhaseOut(Schema):
    id: int
    name: str
    starts_on: dt.date
    ends_on: dt.date
    aim: str


class CampaignOut(Schema):
    id: int
    name: str
    kind: str
    status: str
    starts_on: dt.date
    ends_on: dt.date
    scope_unit_id: int
    office_unit_id: int
    goal: str


class CampaignDetailOut(CampaignOut):
    leading_group: str
    phases: list[PhaseOut]


class AssignmentOut(Schema):
    id: int
    unit_id: int
    unit_name: str
    target: Decimal


class TaskOut(Schema):
    id: int
    title: str
    phase_id: int | None
    lead_unit_id: int
    deadline: dt.date
    target: Decimal
    measure: str
    figure_label: str
    frequency: str
    cutoffs: list[str]
    workdays_only: bool
    is_key_project: bool
    assignments: list[AssignmentOut]


class ReportIn(InputSchema):
    assignment_id: DbId
    figure: Decimal = Field(ge=0, le=9999999999, max_digits=12, decimal_places=2)
    text: str = Field("", max_length=2000)
    period: SafeDate | None = Field(
        None, description="The day (or week/month start); default: the open slot"
    )
    slot: int | None = Field(None, ge=0, le=5)
    photo_ids: list[UUID] = Field(default_factory=list, max_length=9)


class ReportCorrectIn(InputSchema):
    figure: Decimal = Field(ge=0, le=9999999999, max_digits=12, decimal_places=2)
    text: str | None = Field(None, max_length=2000)
    reason: str = Field(min_length=1, max_length=200)


class ReportOut(Schema):
    id: int
    assignment_id: int
    unit_id: int
    task_id: int
    period: dt.date
    slot: int
    cutoff_at: dt.datetime
    figure: Decimal
    text: str
    submitted_at: dt.datetime
    late: bool
    is_current: bool
    replaces_id: int | None


class SheetQuery(InputSchema):
    day: SafeDate | None = None
