"""Read-side helpers shared by the pages and the API."""

from __future__ import annotations

from django.db.models import Q, QuerySet


def filter_cases(qs: QuerySet, data: dict) -> QuerySet:
    """The case list's filters (number prefix, party or vehicle; type; state; period; major;
    operation) on a queryset already scoped to the reader."""
    if data.get("q"):
        q = data["q"].strip()
        qs = qs.filter(Q(number__startswith=q) | Q(party__icontains=q) | Q(vehicle__icontains=q))
    if data.get("case_type"):
        qs = qs.filter(case_type=data["case_type"])
    if data.get("state"):
        qs = qs.filter(state=data["state"])
    if data.get("start"):
        qs = qs.filter(filed_on__gte=data["start"])
    if data.get("end"):
        qs = qs.filter(filed_on__lte=data["end"])
    if data.get("major"):
        qs = qs.filter(major=True)
    if data.get("operation"):
        qs = qs.filter(operation_id=data["operation"])
    return qs
