"""A user's own notifications over the API. Another user's notification is "not found"."""

from datetime import datetime

from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from zhengzhi.core.validators import DbId, InputSchema
from zhengzhi.notifications import selectors, services

router = Router(tags=["notifications"])


class NotificationOut(Schema):
    id: int
    # In the language of the request (Accept-Language, or the user's own).
    subject: str = Field(alias="subject_text")
    body: str = Field(alias="body_text")
    url: str
    kind: str
    created_at: datetime
    read_at: datetime | None


class NotificationFilter(Schema):
    unread: bool = False


class UnreadOut(Schema):
    unread: int


class MarkReadIn(InputSchema):
    ids: list[DbId] = Field([], max_length=500)
    all: bool = False


class MarkedOut(Schema):
    marked: int


@router.get("/", response=list[NotificationOut], summary="My notifications, unread first")
@paginate
def list_notifications(request, filters: Query[NotificationFilter]):
    return selectors.inbox_for(request.user, unread_only=filters.unread)


@router.get("/unread-count", response=UnreadOut, summary="How many of my notifications are unread")
def unread_count(request):
    return {"unread": services.unread_count(request.user)}


@router.post("/read", response=MarkedOut, summary="Mark my notifications read (some or all)")
def mark_read(request, payload: MarkReadIn):
    target = "all" if payload.all else payload.ids
    return {"marked": services.mark_read(request.user, target)}


@router.get("/{notification_id}", response=NotificationOut, summary="One of my notifications")
def get_notification(request, notification_id: DbId):
    return selectors.get_own(request.user, notification_id)


@router.post("/{notification_id}/read", response=NotificationOut, summary="Mark one read")
def mark_one_read(request, notification_id: DbId):
    notification = selectors.get_own(request.user, notification_id)
    services.mark_read(request.user, [notification.pk])
    notification.refresh_from_db()
    return notification
