"""The demo campaigns' reports are in the audit log, as the services would have written them."""

import pytest
from django.utils import timezone

from zhengzhi.accounts.demo import build_demo_org
from zhengzhi.audit.models import AuditEvent
from zhengzhi.audit.verify import verify_chain
from zhengzhi.campaigns.demo import SEED, build_demo_campaigns
from zhengzhi.campaigns.models import ProgressReport
from zhengzhi.ledger.services.categories import load_categories

pytestmark = pytest.mark.django_db


def test_every_demo_report_has_its_audit_event():
    org = build_demo_org()
    load_categories()
    made = build_demo_campaigns(org, days_ago=6)
    assert made["campaigns"] == 2
    reports = {str(pk): r for pk, r in ProgressReport.objects.in_bulk().items()}
    assert len(reports) == made["reports"] > 100

    submitted = AuditEvent.objects.filter(action="campaign.report.submit")
    corrections = list(AuditEvent.objects.filter(action="campaign.report.correct"))
    assert len(corrections) == 2  # one a campaign; the corrected row has its own event
    assert submitted.count() == len(reports) - 2
    by_report = {e.object_id: e for e in submitted}
    assert set(by_report) | {e.object_id for e in corrections} == set(reports)

    corrected = corrections[0]
    fixed = reports[corrected.object_id]
    assert corrected.data["replaces"] == fixed.replaces_id
    assert corrected.data["figure"] == [str(fixed.replaces.figure), str(fixed.figure)]
    assert (
        corrected.object_type == "campaigns.progressreport" and corrected.unit_id == fixed.unit_id
    )

    some = reports[next(iter(by_report))]
    event = by_report[str(some.pk)]
    assert event.actor_id == some.submitted_by_id and event.unit_id == some.unit_id
    assert event.data == {
        "task": some.task_id,
        "period": some.period.isoformat(),
        "slot": some.slot,
        "figure": str(some.figure),
        "late": some.late,
        "photos": [],
        "seed": SEED,
        "submitted_at": timezone.localtime(some.submitted_at).isoformat(),
    }
    checked, broken = verify_chain()
    assert broken is None and checked == AuditEvent.objects.count()


def test_record_many_continues_the_chain_like_record():
    from zhengzhi.audit.services import record, record_many

    record("test.before", object_type="x", object_id=1)
    assert (
        record_many([{"action": "test.bulk", "object_type": "x", "object_id": i} for i in range(5)])
        == 5
    )
    record("test.after", object_type="x", object_id=9)
    assert list(AuditEvent.objects.order_by("seq").values_list("seq", flat=True)) == list(
        range(1, 8)
    )
    assert verify_chain() == (7, None)
    assert record_many([]) == 0


def test_demo_campaigns_started_long_ago_show_their_late_and_missing_reports():
    """Made now but started 6 days ago: their slots count from the first day, so the sheets of
    the past days list the units that did not report or reported late."""
    import datetime as dt

    from zhengzhi.accounts.models import User
    from zhengzhi.campaigns.models import Campaign
    from zhengzhi.campaigns.sheet import build_sheet

    org = build_demo_org()
    load_categories()
    build_demo_campaigns(org, days_ago=6)
    admin = User.objects.get(username="admin")
    today = timezone.localdate()
    missing = late = 0
    for campaign in Campaign.objects.all():
        assert timezone.localtime(campaign.started_at).date() == campaign.starts_on
        assert all(t.created_at < campaign.started_at for t in campaign.tasks.all())
        for back in range(1, 6):
            sheet = build_sheet(campaign, today - dt.timedelta(days=back), user=admin)
            missing += len(sheet.missing_units)
            late += len(sheet.late_units)
    assert missing > 0 and late > 0


def test_demo_figures_of_countable_measures_are_whole():
    """A month of reports: units that pass their target stop at 10 % over it, and a count of
    structures or households never ends in a fraction (3 × 1.1 left 0.3 个)."""
    org = build_demo_org()
    load_categories()
    build_demo_campaigns(org, days_ago=30)
    rows = list(ProgressReport.objects.select_related("task"))
    countable = [r for r in rows if r.task.countable]
    assert len(countable) > 500 and {r.task.measure for r in countable} >= {"个", "处", "户"}
    assert all(r.figure == r.figure.to_integral_value() for r in countable)
    assert any(r.figure != r.figure.to_integral_value() for r in rows if r.task.measure == "亩")
