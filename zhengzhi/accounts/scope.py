"""Which users a viewer may see: those of the viewer's unit and the units below it (org.scope);
the office and leaders see everyone. Anyone else's user is "not found"."""

from __future__ import annotations

from django.db.models import QuerySet

from zhengzhi.accounts.models import User
from zhengzhi.org.scope import scope_for


def visible_users(viewer) -> QuerySet[User]:
    return scope_for(viewer).filter(User.objects.all(), field="unit")


def get_user_for_viewer(viewer, pk: int) -> User:
    """The user with `pk` if the viewer may see it, else Http404."""
    return scope_for(viewer).get(User.objects.all(), field="unit", pk=pk)
