from __future__ import annotations

from django.db import transaction

from zhengzhi.ledger.models import ProblemSequence


def next_number(year: int) -> str:
    """2026-000123: per year, gap-free, safe with concurrent writers (the row is locked)."""
    with transaction.atomic():
        seq, _ = ProblemSequence.objects.select_for_update().get_or_create(year=year)
        seq.last += 1
        ProblemSequence.objects.filter(pk=seq.pk).update(last=seq.last)
    return f"{year}-{seq.last:06d}"


def reserve_numbers(year: int, count: int) -> list[str]:
    """A block of numbers for bulk imports."""
    with transaction.atomic():
        seq, _ = ProblemSequence.objects.select_for_update().get_or_create(year=year)
        first = seq.last + 1
        ProblemSequence.objects.filter(pk=seq.pk).update(last=seq.last + count)
    return [f"{year}-{n:06d}" for n in range(first, first + count)]
