from datetime import datetime

from django.http import Http404
from ninja import Field, Query, Router, Schema

from zhengzhi.audit.selectors import filtered_events, page_of
from zhengzhi.core.openapi import MAY_BE_NOT_FOUND
from zhengzhi.core.roles import Role
from zhengzhi.core.validators import DbId, InputSchema, SafeDate

router = Router(tags=["audit"])


class AuditEventOut(Schema):
    seq: int
    at: datetime
    actor_id: int | None
    actor_label: str
    action: str
    object_type: str
    object_id: str
    object_repr: str
    unit_id: int | None
    ip: str | None
    data: dict
    hash: str


class AuditPage(Schema):
    items: list[AuditEventOut]
    next_before: int | None


class AuditFilter(InputSchema):
    action: str | None = Field(None, max_length=100)
    actor: str | None = Field(None, max_length=100)
    object_type: str | None = Field(None, max_length=100)
    q: str | None = Field(None, max_length=100)
    since: SafeDate | None = None
    until: SafeDate | None = None
    before: DbId | None = None


@router.get(
    "/events",
    response=AuditPage,
    summary="Browse the audit log (office administrators)",
    openapi_extra=MAY_BE_NOT_FOUND,  # to anyone else the log is not there
)
def list_events(request, filters: Query[AuditFilter]):
    if not request.user.has_role(Role.OFFICE_ADMIN):
        raise Http404
    data = filters.dict(exclude_none=True)
    items, next_before = page_of(filtered_events(data), data.get("before"))
    return {"items": items, "next_before": next_before}
