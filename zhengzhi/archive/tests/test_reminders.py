import datetime as dt

from zhengzhi.archive.models import Reminder
from zhengzhi.archive.services.reminders import run, threshold
from zhengzhi.notifications.models import Notification

NEAR = dt.datetime(2026, 12, 20, 2, tzinfo=dt.UTC)  # 11 days before the review on 31 December


def test_thresholds():
    assert threshold(100) is None and threshold(-1) is None
    assert threshold(90) == 90 and threshold(11) == 14 and threshold(0) == 7


def test_units_owing_evidence_are_told_once(reqs, people, units):
    assert run(NEAR) == {"reminded_units": 2}  # the street and the department owe evidence
    assert run(NEAR) == {"reminded_units": 0}
    told = Notification.objects.filter(kind="archive.remind")
    assert sorted(told.values_list("recipient__username", flat=True)) == [
        "dept_handler",
        "street_leader",
    ]
    assert set(Reminder.objects.values_list("days_before", flat=True)) == {14}
    later = NEAR + dt.timedelta(days=5)  # 6 days before: the next threshold
    assert run(later) == {"reminded_units": 2}
    assert told.count() == 4


def test_nobody_is_told_far_from_the_review(reqs):
    assert run(dt.datetime(2026, 3, 2, 2, tzinfo=dt.UTC)) == {"reminded_units": 0}
