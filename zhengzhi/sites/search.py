"""Finding sites by any part of their name, operator or address, by licence number or by
credit code (exact or prefix)."""

from __future__ import annotations

from django.db.models import Q, QuerySet


def filter_text(qs: QuerySet, text: str) -> QuerySet:
    """Sites of `qs` matching `text`. (A plain scan for now: issue 15 puts an index under it.)"""
    text = text.strip()
    if not text:
        return qs
    return qs.filter(
        Q(search_text__contains=text)
        | Q(code=text.upper())
        | Q(credit_code__startswith=text.upper())
        | Q(licences__number__startswith=text)
    ).distinct()
