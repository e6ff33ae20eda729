"""The demo's accountability, for seed_demo (after supervision): seed 004's rules (a 督查单 for
problems overdue by 3 days, a 督办函 for 7), the platform's proposals from the demo ledger, the
oldest letter approved (its unit has it in its inbox), and the monthly 红旗/黑旗 by inspection
scores. Safe to run again: kept if there."""

from __future__ import annotations

from django.db import transaction

from zhengzhi.accountability.models import LadderRule, ListRule, Record, RecordKind
from zhengzhi.accountability.services import records
from zhengzhi.accountability.services.proposals import propose
from zhengzhi.audit.services import record


@transaction.atomic
def build_demo_accountability(org: dict) -> dict:
    if LadderRule.objects.filter(kind__in=(RecordKind.SHEET, RecordKind.LETTER)).exists():
        return {"records": Record.objects.count()}
    admin = org["users"]["admin"]
    LadderRule.objects.create(name="超期3天以上下达督查单", kind=RecordKind.SHEET, days=3)
    LadderRule.objects.create(name="超期7天以上下达督办函", kind=RecordKind.LETTER, days=7)
    # The shipped 黄牌示警 / 约谈 defaults, confirmed as they are for the demo.
    LadderRule.objects.filter(kind__in=(RecordKind.YELLOW_CARD, RecordKind.TALK)).update(
        is_active=True
    )
    for board, label in (("red", "红旗"), ("black", "黑旗")):
        ListRule.objects.create(
            name=f"月度{label}", label=label, board=board, subject="unit", basis="inspection",
            level="community", frequency="monthly", places=3,
        )  # fmt: skip
    made = propose()
    from django.utils import timezone

    from zhengzhi.accountability.services.lists import propose_lists

    made["lists"] = propose_lists(timezone.localdate())
    first = Record.objects.filter(kind=RecordKind.LETTER).order_by("pk").first()
    if first is not None:
        records.issue(first.pk, actor=admin, version=first.version)
    record("demo.accountability", actor=admin, object_type="core.demo", data=made)
    return {"records": Record.objects.count()}
