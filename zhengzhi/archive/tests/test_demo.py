"""The archive's part of seed_demo: a decomposition over the demo units with flagged rows, an
archive about 70 % complete, part of it filled from closed problems; built once."""

import pytest

from zhengzhi.accounts.demo import build_demo_org
from zhengzhi.archive.demo import build_demo_archive
from zhengzhi.archive.models import Duty, Evidence, EvidenceSource, EvidenceStatus
from zhengzhi.ledger.demo import build_demo_ledger
from zhengzhi.ledger.services.categories import load_categories
from zhengzhi.standards.demo import build_demo_standards

pytestmark = pytest.mark.django_db


def test_the_demo_archive_is_about_seventy_percent_complete():
    org = build_demo_org()
    load_categories()
    build_demo_ledger(org, count=300)
    build_demo_standards(org)
    out = build_demo_archive(org)
    assert out["rows"] == Duty.objects.count() > 40
    assert Duty.objects.filter(lead_unit__isnull=True).exists()  # flagged: no owner
    assert Duty.objects.filter(tasks__isnull=True).exists()  # flagged: no task
    assert 0.65 <= out["present"] / out["required"] <= 0.75
    found = Evidence.objects.filter(source=EvidenceSource.PROBLEMS)
    assert found.count() == out["from_problems"] > 0
    assert Evidence.objects.filter(status=EvidenceStatus.RETURNED).exists()
    assert 0 < out["accepted"] < out["present"]
    assert build_demo_archive(org) == {"skipped": True}
