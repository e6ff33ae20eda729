"""The API's shapes for inspections."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Literal
from uuid import UUID

from ninja import Field, Schema

from zhengzhi.core.api_errors import FieldError
from zhengzhi.core.validators import InputSchema, SafeDate


class ErrorOut(Schema):
    """A refusal with its reason (and code); a 422 of the schema's own checks lists the fields."""

    detail: str | list[FieldError]
    code: str = ""


class ItemOut(Schema):
    id: int
    code: str
    section: str
    text: str
    scoring: str
    points: Decimal
    deduction: Decimal | None
    bands: list[dict]
    photo_required: bool
    problem_category: str | None = Field(None, alias="problem_category.code")
    checkpoint_id: int | None
    standard_item_id: int | None


class ChecklistOut(Schema):
    id: int
    code: str
    name: str
    place_kind: str
    site_kinds: list[str]
    version: int | None = Field(None, alias="current.number")
    version_id: int | None = Field(None, alias="current_id")
    pass_line: Decimal | None = Field(None, alias="current.pass_line")
    total_points: Decimal | None = Field(None, alias="current.total_points")
    confirmed: bool


class ChecklistDetailOut(ChecklistOut):
    items: list[ItemOut]


class PlanOut(Schema):
    id: int
    name: str
    kind: str
    status: str
    unit_id: int
    starts_on: dt.date
    ends_on: dt.date
    windows: list[str]
    sample_size: int | None
    sample_sizes: dict[str, int]
    sample_preset: str
    seed: int | None
    released_at: dt.datetime | None


class PlanDetailOut(PlanOut):
    candidates: dict[str, list[int]]
    drawn: dict[str, list[int]]
    redraw_matches: bool | None


class VisitOut(Schema):
    id: int
    plan_id: int | None
    checklist_version_id: int
    site_id: int | None
    segment_id: int | None
    lon: float | None
    lat: float | None
    address: str
    place_label: str
    unit_id: int | None
    inspector_id: int | None
    due_on: dt.date
    window: str
    covert: bool
    status: str
    score: Decimal | None
    max_score: Decimal | None
    percent: Decimal | None
    passed: bool | None
    failures: int
    recheck_of_id: int | None


class AnswerOut(Schema):
    item_code: str = Field(..., alias="item.code")
    result: str
    findings: int
    points: Decimal | None
    score: Decimal | None
    note: str
    photo_id: UUID | None
    problem_id: int | None
    linked: bool


class VisitDetailOut(VisitOut):
    answers: list[AnswerOut] = Field(..., alias="answers_out")


class AnswerIn(InputSchema):
    result: Literal["pass", "fail", "na"]
    findings: int = Field(0, ge=0, le=99)
    points: Decimal | None = Field(None, ge=0, le=100000)
    note: str = Field("", max_length=1000)
    photo: UUID | None = None


class SubmitIn(InputSchema):
    answers: dict[str, AnswerIn] = Field(..., description="By item code: every item answered")
    note: str = Field("", max_length=2000)
    lon: float | None = Field(None, ge=-180, le=180)
    lat: float | None = Field(None, ge=-90, le=90)
    client_id: UUID | None = Field(
        None,
        description="The phone's own id for this submission: sent again, it answers with the "
        "first send's result and makes nothing new",
    )


class SubmitOut(Schema):
    visit: VisitOut
    opened: list[int]
    linked: list[int]
    verified: str
    replayed: bool = False


class ReleaseOut(Schema):
    plan: PlanOut
    dispatched: int


class ResultRow(Schema):
    key_id: int | None
    name: str | None
    visits: int
    passed: int
    judged: int
    with_failures: int
    failed_items: int | None
    mean: Decimal | None
    rate: Decimal | None


class TrendRow(Schema):
    month: str
    visits: int
    mean: Decimal | None
    passed: int


class ResultsOut(Schema):
    start: dt.date
    end: dt.date
    by: str
    rows: list[ResultRow]
    trend: list[TrendRow]


class ResultsIn(InputSchema):
    start: SafeDate | None = None
    end: SafeDate | None = None
    by: Literal["unit", "street", "grid", "checklist", "site"] = "unit"
    kind: str = Field("", max_length=10)
    plan: int | None = Field(None, ge=1, le=2**31 - 1)


class VisitFiltersIn(InputSchema):
    day: SafeDate | None = None
    plan: int | None = Field(None, ge=1, le=2**31 - 1)
    status: Literal["", "planned", "submitted", "cancelled"] = ""


class FineOut(Schema):
    user: int
    name: str
    role: str
    amount: str


class MissedOut(Schema):
    id: int
    earlier_visit: int = Field(..., alias="earlier_visit_id")
    earlier_answer: int = Field(..., alias="earlier_id")
    later_visit: int
    later_answer: int = Field(..., alias="later_id")
    item_code: str
    problem: int | None
    unit: int | None = Field(None, alias="unit_id")
    window_days: int
    fines: list[FineOut]
    flagged_at: dt.datetime

    @staticmethod
    def resolve_later_visit(obj) -> int:
        return obj.later.visit_id

    @staticmethod
    def resolve_item_code(obj) -> str:
        return obj.earlier.item.code

    @staticmethod
    def resolve_problem(obj) -> int | None:
        return obj.later.problem_id


class RuleOut(Schema):
    kind: str
    days: int
    lead_fine: Decimal | None
    assessor_fine: Decimal | None
    is_active: bool
    source: str
    confirmed: bool


class RuleIn(InputSchema):
    days: int = Field(..., ge=0, le=365)
    is_active: bool = True
    lead_fine: Decimal | None = Field(None, ge=0, le=100000)
    assessor_fine: Decimal | None = Field(None, ge=0, le=100000)


class VectorIndexOut(Schema):
    index: str
    name: str
    unit: str
    value: Decimal | None
    comparator: str
    limit: Decimal | None
    status: str = Field(..., description="V confirmed, P partly confirmed, U not confirmed")
    meets: bool | None


class VectorCheckOut(Schema):
    id: int
    vector: str
    unit: int = Field(..., alias="unit_id")
    checked_on: dt.date
    counts: dict[str, str]
    grade: str = Field(..., description='"C" reached, "<C" below, "" nothing to judge')


class VectorCheckIn(InputSchema):
    vector: Literal["rat", "mosquito", "fly", "cockroach"]
    unit: int = Field(..., ge=1)
    checked_on: SafeDate
    counts: dict[str, Decimal]
    note: str = Field("", max_length=500)


class VectorGradeOut(Schema):
    check: VectorCheckOut
    indices: list[VectorIndexOut]
    unconfirmed: bool
