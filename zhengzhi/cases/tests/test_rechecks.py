"""查一补三: three rechecks within seven days, due and overdue told once, however often the
worker runs."""

import datetime as dt

import pytest

from zhengzhi.cases.models import Recheck, RecheckRule
from zhengzhi.cases.services.errors import CaseError
from zhengzhi.cases.services.rechecks import due_dates, mark_rechecks, record_recheck
from zhengzhi.cases.tests.conftest import file
from zhengzhi.conftest import local
from zhengzhi.notifications.models import Notification

pytestmark = pytest.mark.django_db


def test_due_dates_spread_over_the_week():
    d = dt.date(2026, 6, 10)
    assert due_dates(d, 3, 7) == [d + dt.timedelta(days=n) for n in (3, 5, 7)]
    assert due_dates(d, 1, 7) == [d + dt.timedelta(days=7)]


def test_the_rule_is_data(cpeople, types, retailer):
    rule = RecheckRule.objects.get()
    rule.count, rule.days = 2, 4
    rule.save()
    case = file(cpeople["officer"], types["off_channel"], site=retailer)
    assert [r.due_on for r in case.rechecks.all()] == [dt.date(2026, 6, 12), dt.date(2026, 6, 14)]
    rule.case_types.remove(types["off_channel"])
    assert not file(cpeople["officer"], types["off_channel"], site=retailer).rechecks.exists()


def test_no_rechecks_at_other_kinds(cpeople, types, cunits):
    from zhengzhi.sites.tests.helpers_coverage import make_site

    shop = make_site("面馆", owner=cunits["c1"])
    assert not file(cpeople["officer"], types["off_channel"], site=shop).rechecks.exists()


def _notices(user):
    return list(Notification.objects.filter(recipient=user).values_list("kind", flat=True))


def test_due_and_overdue_told_once(cpeople, types, retailer):
    officer = cpeople["officer"]
    case = file(officer, types["off_channel"], site=retailer)  # due 13, 15, 17 June
    assert mark_rechecks(local(2026, 6, 12, 6)) == {"due": 0, "overdue": 0}
    assert mark_rechecks(local(2026, 6, 13, 6)) == {"due": 1, "overdue": 0}
    assert mark_rechecks(local(2026, 6, 13, 18)) == {"due": 0, "overdue": 0}
    assert _notices(officer) == ["cases.recheck.due"]
    first = case.rechecks.get(seq=1)
    record_recheck(officer, first.pk, "clean", "无违规", now=local(2026, 6, 13, 15))
    with pytest.raises(CaseError):
        record_recheck(officer, first.pk, "clean", now=local(2026, 6, 13, 16))
    # 16 June: the second (due 15th) was never done; nobody ran the worker on the 15th.
    assert mark_rechecks(local(2026, 6, 16, 6)) == {"due": 0, "overdue": 1}
    assert mark_rechecks(local(2026, 6, 16, 7)) == {"due": 0, "overdue": 0}
    assert mark_rechecks(local(2026, 6, 17, 6)) == {"due": 1, "overdue": 0}
    assert mark_rechecks(local(2026, 6, 18, 6)) == {"due": 0, "overdue": 1}
    assert mark_rechecks(local(2026, 6, 18, 7)) == {"due": 0, "overdue": 0}
    assert sorted(_notices(officer)) == sorted(
        ["cases.recheck.due", "cases.recheck.overdue", "cases.recheck.due", "cases.recheck.overdue"]
    )
    assert not _notices(cpeople["handler"])  # the community is not told
    assert Recheck.objects.filter(done_at__isnull=False).count() == 1


def test_recording_needs_a_result_and_the_unit(cpeople, types, retailer):
    case = file(cpeople["officer"], types["off_channel"], site=retailer)
    r = case.rechecks.first()
    with pytest.raises(CaseError) as exc:
        record_recheck(cpeople["officer"], r.pk, "")
    assert exc.value.code == "result"
    for who in ("handler", "police_user", "other_handler"):
        with pytest.raises(CaseError) as exc:
            record_recheck(cpeople[who], r.pk, "clean")
        assert exc.value.code == "not_allowed"


def test_the_worker_job_is_registered():
    from zhengzhi.cases.tasks import RECHECK_JOB
    from zhengzhi.jobs.registry import HANDLERS

    assert RECHECK_JOB in HANDLERS
