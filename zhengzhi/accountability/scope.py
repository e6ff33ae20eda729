"""Who sees and changes what of the ladder.

- The office's writers (standards.scope.is_office) edit the rules, approve or dismiss proposals.
- Whoever sees every unit (the office, leaders) reads proposals and issued records.
- Everyone else reads the issued records of the units in their scope only (another unit's record
  and every proposal are "not found"), downloads their documents and, in the unit held to
  account, writes its response.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from zhengzhi.accountability.models import Record, RecordStatus
from zhengzhi.org.scope import scope_for
from zhengzhi.standards.scope import is_office

__all__ = ["is_office"]

ISSUED = (RecordStatus.ISSUED, RecordStatus.ANSWERED)


def visible_records(user) -> QuerySet[Record]:
    qs = Record.objects.all()
    if not user.is_authenticated:
        return qs.none()
    scope = scope_for(user)
    if scope.all_units:
        return qs
    return qs.filter(status__in=ISSUED, unit__in=scope.unit_ids)


def get_record_for_user(user, pk: int) -> Record:
    try:
        return visible_records(user).select_related("unit", "rule", "approved_by").get(pk=pk)
    except Record.DoesNotExist:
        raise Http404 from None


def can_respond(user, record: Record) -> bool:
    """The unit held to account (and the units above it), not the office that issued it."""
    scope = scope_for(user)
    return (
        record.status in ISSUED
        and scope.can_write
        and not scope.all_units
        and record.unit_id in scope.unit_ids
    )
