"""Case numbers: per year, gap-free, safe with concurrent writers (the year's row is locked
inside the filing transaction, so a filing that fails gives its number back)."""

from __future__ import annotations

from django.db import IntegrityError, transaction

from zhengzhi.cases.models import CaseSequence


def next_number(year: int) -> str:
    """ "2026-00012". Call inside the transaction that saves the case."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("next_number must run inside the filing transaction")
    seq = CaseSequence.objects.select_for_update().filter(year=year).first()
    if seq is None:
        try:
            with transaction.atomic():
                CaseSequence.objects.create(year=year, last=0)
        except IntegrityError:
            pass  # another filing made the year's row first
        seq = CaseSequence.objects.select_for_update().get(year=year)
    seq.last += 1
    CaseSequence.objects.filter(pk=seq.pk).update(last=seq.last)
    return f"{year}-{seq.last:05d}"
