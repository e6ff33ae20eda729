from __future__ import annotations

from django.db import transaction
from django.db.models import F

from zhengzhi.sites.models import SiteCodeCounter

PREFIX = "S"
WIDTH = 8


def format_code(number: int) -> str:
    return f"{PREFIX}{number:0{WIDTH}d}"


def allocate_codes(n: int) -> list[str]:
    """n fresh site codes, gap-free and never reused, in the caller's transaction."""
    if n <= 0:
        return []
    with transaction.atomic():
        SiteCodeCounter.objects.get_or_create(pk=1)
        SiteCodeCounter.objects.filter(pk=1).update(last=F("last") + n)
        last = SiteCodeCounter.objects.values_list("last", flat=True).get(pk=1)
    return [format_code(i) for i in range(last - n + 1, last + 1)]
