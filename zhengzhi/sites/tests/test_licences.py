"""Licence expiry: the state on a day, and the worker's notices once per licence and state."""

import datetime as dt

import pytest

from zhengzhi.conftest import local, make_user
from zhengzhi.core.roles import Role
from zhengzhi.notifications.models import Notification
from zhengzhi.sites.models import Licence, SiteKind
from zhengzhi.sites.services.licences import licence_state, run_alerts
from zhengzhi.sites.tests.helpers_coverage import make_site

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 12, 6)
NOW = local(2026, 12, 6, 6, 10)


def test_licence_state():
    assert licence_state(None, TODAY) == "valid"
    assert licence_state(dt.date(2027, 1, 6), TODAY) == "valid"  # 31 days on
    assert licence_state(dt.date(2027, 1, 5), TODAY) == "expiring"  # 30 days on
    assert licence_state(TODAY, TODAY) == "expiring"  # its last day
    assert licence_state(dt.date(2026, 12, 5), TODAY) == "expired"


@pytest.fixture
def licensed(units, people):
    dept = units["dept"]
    SiteKind.objects.get(code="small_restaurant").departments.add(dept)
    make_site(
        "面馆", owner=units["c1"],
        licences=[("L-EXPIRING", dt.date(2026, 12, 20)), ("L-VALID", dt.date(2027, 6, 1))],
    )  # fmt: skip
    make_site("浴室", owner=units["c2"], licences=[("L-EXPIRED", dt.date(2026, 11, 1))])
    make_site("书店", owner=units["c1"], kind_code="retail_shop", licences=[("L-OTHER", None)])
    return {
        "c2_handler": make_user("c2h", units["c2"], Role.HANDLER),
        "dept_leader": make_user("deptlead", dept, Role.UNIT_LEADER),
    }


def notices(user):
    return sorted(
        (n.kind, n.body) for n in Notification.objects.filter(recipient=user).order_by("pk")
    )


def test_run_twice_one_notice_per_licence_and_state(licensed, people):
    handler, c2_handler = people["handler"], licensed["c2_handler"]
    dept_user, dept_leader = people["dept_handler"], licensed["dept_leader"]
    assert run_alerts(NOW) == {"renewed": 0, "expiring": 1, "expired": 1}
    assert run_alerts(NOW) == {"renewed": 0, "expiring": 0, "expired": 0}
    # The owning community hears of its own site; the department of both (one notice a state).
    assert [k for k, _b in notices(handler)] == ["sites.licence.expiring"]
    assert "L-EXPIRING" in notices(handler)[0][1]
    assert [k for k, _b in notices(c2_handler)] == ["sites.licence.expired"]
    for user in (dept_user, dept_leader):
        assert [k for k, _b in notices(user)] == [
            "sites.licence.expired",
            "sites.licence.expiring",
        ]
    assert not Notification.objects.filter(body__contains="L-VALID").exists()
    assert not Notification.objects.filter(body__contains="L-OTHER").exists()
    states = dict(Licence.objects.values_list("number", "notified_state"))
    assert states == {
        "L-EXPIRING": "expiring",
        "L-VALID": "",
        "L-EXPIRED": "expired",
        "L-OTHER": "",
    }


def test_expiring_then_expired_then_renewed(licensed, people):
    handler = people["handler"]
    run_alerts(NOW)
    later = local(2026, 12, 21, 6, 10)  # L-EXPIRING ran out yesterday
    assert run_alerts(later) == {"renewed": 0, "expiring": 0, "expired": 1}
    assert [k for k, _b in notices(handler)] == ["sites.licence.expired", "sites.licence.expiring"]
    assert run_alerts(later)["expired"] == 0
    # Renewed: valid again and the mark cleared, so its next expiry is told again.
    Licence.objects.filter(number="L-EXPIRING").update(expires_on=dt.date(2027, 1, 10))
    assert run_alerts(later) == {"renewed": 1, "expiring": 1, "expired": 0}
    assert Licence.objects.get(number="L-EXPIRING").notified_state == "expiring"
    assert len(notices(handler)) == 3


def test_the_notice_reads_in_the_readers_language(licensed, people):
    from django.utils import translation

    run_alerts(NOW)
    notice = Notification.objects.filter(recipient=people["handler"]).get()
    with translation.override("en"):
        assert notice.subject_text == "1 licence expires within 30 days"
    with translation.override("zh-hans"):
        assert "许可证" in notice.subject_text
