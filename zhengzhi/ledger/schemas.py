"""Request and response schemas of the ledger API (/api/v1/ledger/).

Every request schema bounds its strings and numbers to what the database holds and refuses NUL
characters (InputSchema), so bad input is a 422 naming the field, never a 500.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, ClassVar
from uuid import UUID

from ninja import Field, Schema
from pydantic import ConfigDict, TypeAdapter, model_validator

from zhengzhi.core.validators import DbId, InputSchema, SafeDate
from zhengzhi.ledger.models import RUNNING_STATUSES, Source
from zhengzhi.ledger.registry import problem_fields, problem_filters, record_extensions
from zhengzhi.ledger.services.permissions import allowed_moves

Description = Annotated[str, Field(min_length=1, max_length=5000)]
Note = Annotated[str, Field(max_length=2000)]
Reason = Annotated[str, Field(min_length=1, max_length=2000)]
ShortReason = Annotated[str, Field(min_length=1, max_length=200)]
Photos = Annotated[list[UUID], Field(max_length=20)]
Filter = Annotated[str, Field(max_length=200)]
Version = Annotated[int, Field(ge=1, le=2**31 - 1, description="The version you saw (stale check)")]


def _documented(entries):
    """The OpenAPI schema of a model whose extra fields the apps above the ledger register
    (registry.py): `entries()` gives (name, type, description) when the docs are built."""

    def add(schema: dict, _model) -> None:
        properties = schema.setdefault("properties", {})
        for name, annotation, description in entries():
            field = TypeAdapter(annotation).json_schema()
            if description:
                field["description"] = description
            properties[name] = field

    return add


def _output_fields():
    return [(f.key, f.api_type, f.api_help) for f in problem_fields()]


def _filter_fields():
    return [(f.param, Filter, f.help) for f in problem_filters()]


def _record_fields():
    return [(e.api_field, e.api_type, e.api_help) for e in record_extensions()]


class Extensible(Schema):
    """A schema that also carries the fields the apps above the ledger registered (`registered`
    gives their (name, type, description)), as extra fields. Ninja validates a schema through
    attribute access, which drops whatever it does not declare; this keeps the registered keys
    of a dict (a body, a response row). Their values are checked by whoever reads them."""

    model_config = ConfigDict(extra="allow")
    registered: ClassVar[Any] = staticmethod(list)

    @model_validator(mode="wrap")
    @classmethod
    def _keep_registered(cls, values, handler, info):
        model = handler(values)
        raw = getattr(values, "_obj", values)  # ninja's wrapper around the dict
        if isinstance(raw, dict) and isinstance(model, cls):
            names = {name for name, _type, _help in cls.registered()}
            model.__pydantic_extra__ = {k: raw[k] for k in names if k in raw}
        return model


class ErrorOut(Schema):
    detail: str
    code: str = ""


# ---- reading --------------------------------------------------------------------------------


class Ref(Schema):
    id: int
    name: str


class CategoryRef(Schema):
    code: str
    name: str


class ProblemOut(Extensible):
    # The apps above the ledger add fields (registry.ProblemField).
    model_config = ConfigDict(json_schema_extra=_documented(_output_fields))
    registered: ClassVar[Any] = staticmethod(_output_fields)

    id: int
    number: str
    status: str
    status_label: str
    pending: str
    source: str
    category: CategoryRef
    main_category: CategoryRef
    description: str
    address: str
    lon: float | None
    lat: float | None
    grid_code: str | None
    site_id: int | None = Field(
        None, description="The site it is at (GET /api/v1/sites/sites/{id})"
    )
    community: Ref | None
    street: Ref | None
    owner_unit: Ref | None
    supporting_unit: Ref | None
    priority: int
    version: int
    master_number: str | None
    reported_at: dt.datetime
    registered_at: dt.datetime | None
    dispatched_at: dt.datetime | None
    accepted_at: dt.datetime | None
    reported_back_at: dt.datetime | None
    closed_at: dt.datetime | None
    due_at: dt.datetime | None
    verify_due_at: dt.datetime | None
    deferred_until: dt.date | None
    closed_on_time: bool | None
    overdue: bool
    return_count: int
    extension_count: int
    rework_count: int
    recurrence_count: int
    report_count: int


class ProblemPage(Schema):
    items: list[ProblemOut]
    next: str | None = Field(None, description="Pass as `after` for the next page; null at the end")


class EventOut(Schema):
    id: int
    kind: str
    kind_label: str
    at: dt.datetime
    actor: str | None
    actor_unit: str | None
    from_status: str
    to_status: str
    note: str
    data: dict[str, Any]


class RequestOut(Schema):
    id: int
    kind: str
    reason: str
    requested_by: str
    requested_at: dt.datetime
    new_due_at: dt.datetime | None
    plan: str
    target_date: dt.date | None
    decision: str
    approver: str | None
    decided_at: dt.datetime | None
    decision_note: str


class PhotoOut(Schema):
    id: UUID
    purpose: str
    url: str
    thumb_url: str | None


class ProblemDetailOut(ProblemOut):
    reject_reason: str
    stage_deadlines: list[dict[str, Any]]
    moves: list[str] = Field(
        description="The moves you may make now: POST /problems/{id}/{move} for each"
    )
    timeline: list[EventOut]
    requests: list[RequestOut]
    photos: list[PhotoOut]


class SubCategoryOut(Schema):
    code: str
    name: str
    department: Ref | None
    priority: int
    is_public: bool
    is_active: bool
    stages: list[dict[str, Any]]
    verify_amount: float
    verify_unit: str
    register_condition: str
    close_standard: str
    close_items: list[str] = Field(description="The close standard's items a verifier ticks")


class MainCategoryOut(Schema):
    code: str
    name: str
    kind: str
    is_active: bool
    children: list[SubCategoryOut]


# ---- writing --------------------------------------------------------------------------------


class ProblemFilters(InputSchema):
    """The ledger list's filters (the same parameters as /ledger/problems/). The apps above the
    ledger add theirs (registry.ProblemFilter); the view reads those from the query string."""

    model_config = ConfigDict(json_schema_extra=_documented(_filter_fields))

    status: Filter = Field("", description="Status codes, comma separated")
    category: Filter = Field("", description="Main or sub-category code")
    unit: Filter = Field("", description="Owner unit id (with the units below it)")
    support: Filter = Field("", description="Supporting department id")
    grid: Filter = Field("", description="Grid id or 15-digit code")
    source: Filter = Field("", description="Source codes, comma separated")
    overdue: Filter = Field("", description="1: past the deadline now")
    due_soon: Filter = Field("", description="1: due within 24 hours")
    date_from: Filter = Field("", description="Reported on or after (YYYY-MM-DD)")
    date_to: Filter = Field("", description="Reported on or before (YYYY-MM-DD)")
    q: Filter = Field("", description="Number, or text in the description or address")
    pending: Filter = Field("", description="return / extension / deferral / any / none")
    closed_from: Filter = ""
    closed_to: Filter = ""
    due_from: Filter = ""
    due_to: Filter = ""
    on_time: Filter = Field("", description="1 / 0: closed on time or not")
    reworked: Filter = ""
    returned: Filter = ""
    extended: Filter = ""
    recurred: Filter = ""
    open: Filter = Field("", description="1: not closed, rejected or merged")
    mine: Filter = Field("", description="1: reported by me")
    after: Filter = Field("", description="The `next` cursor of the previous page")
    size: int = Field(50, ge=1, le=200)


class ProblemIn(InputSchema, Extensible):
    # The apps above the ledger add fields (registry.RecordExtension); the view checks them.
    model_config = ConfigDict(json_schema_extra=_documented(_record_fields))
    registered: ClassVar[Any] = staticmethod(_record_fields)

    source: Source
    category: str = Field(max_length=20, description="Sub-category code, e.g. 0401")
    description: Description
    lon: float | None = Field(None, ge=-180, le=180, allow_inf_nan=False)
    lat: float | None = Field(None, ge=-90, le=90, allow_inf_nan=False)
    address: str = Field("", max_length=200)
    photo_ids: Photos = Field(default_factory=list, description="Ids from POST /api/v1/files/")
    priority: int | None = Field(None, ge=1, le=4)
    register_now: bool = Field(False, description="Register at once (dispatchers only)")
    site_id: DbId | None = Field(
        None, description="The site the problem is at (GET /api/v1/sites/sites); one you may see"
    )


class MoveIn(InputSchema):
    version: Version
    note: Note = ""


class RejectIn(InputSchema):
    version: Version
    reason: ShortReason


class CorrectIn(MoveIn):
    """Only the fields given change."""

    category: str | None = Field(None, max_length=20, description="Sub-category code")
    description: Description | None = None
    address: str | None = Field(None, max_length=200)
    lon: float | None = Field(None, ge=-180, le=180, allow_inf_nan=False)
    lat: float | None = Field(None, ge=-90, le=90, allow_inf_nan=False)


class DispatchIn(MoveIn):
    owner_unit_id: DbId | None = Field(None, description="Default: the unit of the place")
    supporting_unit_id: DbId | None = None


class ReasonIn(InputSchema):
    version: Version
    reason: Reason


class ExtensionIn(ReasonIn):
    new_due_at: dt.datetime = Field(description="The deadline asked for (later than the current)")


class DeferralIn(ReasonIn):
    plan: Reason
    target_date: SafeDate


class DecideIn(MoveIn):
    approve: bool


class ReportBackIn(InputSchema):
    version: Version
    note: Reason
    photo_ids: Photos = Field(default_factory=list, description="Ids from POST /api/v1/files/")


class CloseIn(InputSchema):
    version: Version
    note: Note = ""
    photo_ids: Photos = Field(default_factory=list, description="Ids from POST /api/v1/files/")
    stood_lon: float | None = Field(None, description="Where the verifier stood (WGS-84)")
    stood_lat: float | None = None
    stood_accuracy: float | None = Field(None, ge=0, le=100_000, description="metres")
    checked: list[Annotated[str, Field(max_length=100)]] = Field(
        default_factory=list, max_length=12, description="The close standard's items met"
    )
    unchecked_reason: Note = Field("", description="Why an item is not ticked, if one is not")


class NoteRequiredIn(InputSchema):
    version: Version
    note: Reason


class MergeIn(InputSchema):
    version: Version
    master_id: DbId


# ---- building the responses -----------------------------------------------------------------


def _ref(unit) -> dict | None:
    return {"id": unit.pk, "name": unit.name} if unit is not None else None


def problem_row(p, now: dt.datetime) -> dict:
    """A problem as a list item; its related objects must be select_related and its registered
    fields annotated (registry.with_problem_fields), so it costs no query."""
    return {
        **{f.key: getattr(p, f.key) for f in problem_fields()},
        "id": p.pk,
        "number": p.number,
        "site_id": p.site_id,
        "status": p.status,
        "status_label": str(p.get_status_display()),
        "pending": p.pending,
        "source": p.source,
        "category": {"code": p.category.code, "name": p.category.name},
        "main_category": {"code": p.main_category.code, "name": p.main_category.name},
        "description": p.description,
        "address": p.address,
        "lon": p.lon,
        "lat": p.lat,
        "grid_code": p.grid.code if p.grid_id else None,
        "community": _ref(p.community),
        "street": _ref(p.street),
        "owner_unit": _ref(p.owner_unit),
        "supporting_unit": _ref(p.supporting_unit),
        "priority": p.priority,
        "version": p.version,
        "master_number": p.master.number if p.master_id else None,
        "reported_at": p.reported_at,
        "registered_at": p.registered_at,
        "dispatched_at": p.dispatched_at,
        "accepted_at": p.accepted_at,
        "reported_back_at": p.reported_back_at,
        "closed_at": p.closed_at,
        "due_at": p.due_at,
        "verify_due_at": p.verify_due_at,
        "deferred_until": p.deferred_until,
        "closed_on_time": p.closed_on_time,
        "overdue": p.status in RUNNING_STATUSES and p.due_at is not None and p.due_at < now,
        "return_count": p.return_count,
        "extension_count": p.extension_count,
        "rework_count": p.rework_count,
        "recurrence_count": p.recurrence_count,
        "report_count": p.report_count,
    }


def _person(user) -> str | None:
    return (user.full_name or user.username) if user is not None else None


def problem_detail(p, *, user, events, requests, photos, now: dt.datetime) -> dict:
    return {
        **problem_row(p, now),
        "reject_reason": p.reject_reason,
        "stage_deadlines": p.stage_deadlines or [],
        "moves": sorted(allowed_moves(user, p)),
        "timeline": [
            {
                "id": e.pk,
                "kind": e.kind,
                "kind_label": str(e.get_kind_display()),
                "at": e.at,
                "actor": _person(e.actor),
                "actor_unit": e.actor_unit.name if e.actor_unit_id else None,
                "from_status": e.from_status,
                "to_status": e.to_status,
                "note": e.note,
                "data": e.data or {},
            }
            for e in events
        ],
        "requests": [
            {
                "id": r.pk,
                "kind": r.kind,
                "reason": r.reason,
                "requested_by": _person(r.requested_by) or "",
                "requested_at": r.requested_at,
                "new_due_at": r.new_due_at,
                "plan": r.plan,
                "target_date": r.target_date,
                "decision": r.decision,
                "approver": _person(r.approver),
                "decided_at": r.decided_at,
                "decision_note": r.decision_note,
            }
            for r in requests
        ],
        "photos": photos,
    }


def category_tree(main) -> dict:
    """A main category and its (prefetched) sub-categories."""
    return {
        "code": main.code,
        "name": main.name,
        "kind": main.kind,
        "is_active": main.is_active,
        "children": [
            {
                "code": c.code,
                "name": c.name,
                "department": _ref(c.department),
                "priority": c.priority,
                "is_public": c.is_public,
                "is_active": c.is_active,
                "stages": c.stages or [],
                "verify_amount": c.verify_amount,
                "verify_unit": c.verify_unit,
                "register_condition": c.register_condition,
                "close_standard": c.close_standard,
                "close_items": c.close_items or [],
            }
            for c in main.children.all()
        ],
    }
