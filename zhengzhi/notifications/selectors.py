"""Reading a user's own notifications (there is no unit scope here: only ever the recipient's)."""

from __future__ import annotations

from django.db.models import BooleanField, ExpressionWrapper, Q, QuerySet
from django.shortcuts import get_object_or_404

from zhengzhi.notifications.models import Notification


def inbox_for(user, *, unread_only: bool = False) -> QuerySet[Notification]:
    """Unread first, then newest first."""
    qs = Notification.objects.filter(recipient_id=user.pk)
    if unread_only:
        qs = qs.filter(read_at__isnull=True)
    unread = ExpressionWrapper(Q(read_at__isnull=True), output_field=BooleanField())
    return qs.order_by(unread.desc(), "-created_at", "-pk")


def get_own(user, pk: int) -> Notification:
    """The user's notification, or 404 — whether it does not exist or is someone else's."""
    return get_object_or_404(Notification, pk=pk, recipient_id=user.pk)
