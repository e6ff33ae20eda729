"""A case's way and the moves it refuses."""

import datetime as dt
from decimal import Decimal

import pytest

from zhengzhi.audit.models import AuditEvent
from zhengzhi.cases.models import Case, CaseState, LicenceConsequence, Recheck
from zhengzhi.cases.services import states
from zhengzhi.cases.services.errors import CaseError, StaleCase
from zhengzhi.cases.services.records import decide_consequence, update_settings
from zhengzhi.cases.tests.conftest import file
from zhengzhi.conftest import local

pytestmark = pytest.mark.django_db
NOW = local(2026, 6, 20, 10)


def test_filing_at_a_retailer(cpeople, types, retailer):
    case = file(
        cpeople["officer"],
        types["off_channel"],
        site=retailer,
        value="0.84",
        goods=[("云烟(软珍品)", 20, "carton"), ("中华(硬)", "0.5", "case", True)],
    )
    assert case.number == "2026-00001"
    assert case.sticks == 20 * 200 + 5000
    assert case.counterfeit and not case.major
    assert case.handling_unit == cpeople["officer"].unit
    assert case.party == "李四" and case.place == "柳岸路1号"
    assert [r.due_on for r in case.rechecks.all()] == [
        dt.date(2026, 6, 13),
        dt.date(2026, 6, 15),
        dt.date(2026, 6, 17),
    ]
    kinds = set(case.consequences.values_list("kind", flat=True))
    assert kinds == {"grade", "review", "supply"}
    event = AuditEvent.objects.get(action="cases.case.filed")
    assert event.data["rechecks"] == 3 and event.unit_id == case.handling_unit_id


def test_transport_case_needs_party_or_vehicle(cpeople, types):
    with pytest.raises(CaseError) as exc:
        file(cpeople["officer"], types["unlicensed_transport"])
    assert exc.value.code == "party"
    case = file(cpeople["officer"], types["unlicensed_transport"], vehicle="云K12345")
    assert not case.rechecks.exists() and not case.consequences.exists()


def test_major_case_from_the_threshold(cpeople, types):
    assert file(cpeople["officer"], types["smuggling"], party="甲", value="5").major
    assert not file(cpeople["officer"], types["smuggling"], party="乙", value="4.99").major
    update_settings(cpeople["admin"], major_threshold="3")
    assert file(cpeople["officer"], types["smuggling"], party="丙", value="4.99").major
    with pytest.raises(CaseError):
        update_settings(cpeople["officer"], major_threshold="1")


@pytest.mark.parametrize(
    ("field", "value", "code"),
    [
        ("value", "-1", "value"),
        ("found_on", dt.date(2026, 6, 11), "found_on"),
        ("filed_on", dt.date(2026, 7, 1), "filed_on"),
    ],
)
def test_filing_refusals(cpeople, types, field, value, code):
    kwargs = {field: value, "now": local(2026, 6, 10, 12)}
    with pytest.raises(CaseError) as exc:
        file(cpeople["officer"], types["smuggling"], party="甲", **kwargs)
    assert exc.value.code == code
    assert not Case.objects.exists()


def test_others_may_not_file_for_the_bureau(cpeople, types, cunits):
    with pytest.raises(CaseError):
        file(cpeople["handler"], types["smuggling"], party="甲", handling_unit=cunits["bureau"])
    with pytest.raises(CaseError):
        file(cpeople["leader"], types["smuggling"], party="甲")


def test_the_whole_way(cpeople, types, retailer):
    officer = cpeople["officer"]
    case = file(officer, types["off_channel"], site=retailer, value="1")
    case = states.advance(officer, case.pk, "investigated", version=1, now=NOW)
    with pytest.raises(CaseError) as exc:
        states.advance(officer, case.pk, "executed", now=NOW)
    assert exc.value.code == "state"
    case = states.advance(
        officer,
        case.pk,
        "decided",
        version=case.version,
        on=dt.date(2026, 6, 18),
        decision_number="烟罚〔2026〕12号",
        fine="2000",
        confiscation="500",
        now=NOW,
    )
    assert case.penalty_total == Decimal(2500)
    with pytest.raises(CaseError) as exc:  # not paid yet
        states.advance(officer, case.pk, "executed", now=NOW)
    assert exc.value.code == "paid"
    with pytest.raises(CaseError):  # more than decided
        states.record_payment(officer, case.pk, "3000", now=NOW)
    states.record_payment(officer, case.pk, "2000", now=NOW)
    case = states.record_payment(officer, case.pk, "500", now=NOW)
    assert case.paid == Decimal(2500) and case.paid_on == dt.date(2026, 6, 20)
    case = states.advance(officer, case.pk, "executed", now=NOW)
    case = states.advance(officer, case.pk, "closed", on=dt.date(2026, 6, 20), now=NOW)
    assert case.state == CaseState.CLOSED and case.closed_on == dt.date(2026, 6, 20)
    with pytest.raises(CaseError):
        states.transfer(officer, case.pk, "police", now=NOW)
    actions = list(
        AuditEvent.objects.filter(object_id=str(case.pk))
        .order_by("seq")
        .values_list("action", flat=True)
    )
    assert actions == [
        "cases.case.filed",
        "cases.case.investigated",
        "cases.case.decided",
        "cases.case.paid",
        "cases.case.paid",
        "cases.case.executed",
        "cases.case.closed",
    ]


def test_stale_version_refused(cpeople, types):
    case = file(cpeople["officer"], types["smuggling"], party="甲")
    states.advance(cpeople["officer"], case.pk, "investigated", version=1, now=NOW)
    with pytest.raises(StaleCase):
        states.advance(cpeople["officer"], case.pk, "decided", version=1, now=NOW)


def test_decision_dates_checked(cpeople, types):
    case = file(cpeople["officer"], types["smuggling"], party="甲")
    states.advance(cpeople["officer"], case.pk, "investigated", now=NOW)
    for on in (dt.date(2026, 6, 9), dt.date(2026, 6, 21)):
        with pytest.raises(CaseError) as exc:
            states.advance(cpeople["officer"], case.pk, "decided", on=on, now=NOW)
        assert exc.value.code == "date"
    with pytest.raises(CaseError):
        states.advance(cpeople["officer"], case.pk, "decided", fine="-5", now=NOW)


def test_transfer_and_outcomes(cpeople, types, cunits):
    officer = cpeople["officer"]
    case = file(officer, types["unlicensed_transport"], vehicle="云K1", value="8")
    row = states.transfer(officer, case.pk, "police", receiving_unit=cunits["police"], now=NOW)
    assert Case.objects.get(pk=case.pk).state == CaseState.TRANSFERRED
    assert row.receiving_name == "县公安局城关派出所"
    with pytest.raises(CaseError) as exc:
        states.transfer(officer, case.pk, "police", now=NOW)
    assert exc.value.code == "body"
    with pytest.raises(CaseError) as exc:
        states.record_outcome(officer, row.pk, "detained", 0, now=NOW)
    assert exc.value.code == "people"
    with pytest.raises(CaseError):  # the receiving body reads, the handling unit records
        states.record_outcome(cpeople["police_user"], row.pk, "detained", 3, now=NOW)
    states.record_outcome(officer, row.pk, "detained", 3, now=NOW)
    court = states.transfer(officer, case.pk, "court", now=NOW)
    states.record_outcome(officer, court.pk, "custody", 1, now=NOW)
    case = states.advance(officer, case.pk, "closed", now=NOW)
    assert case.state == "closed"
    # the figures the tables read from the case row
    assert (case.to_police, case.to_court, case.to_market) == (True, True, False)
    assert (case.detained, case.arrested, case.sentenced) == (3, 0, 1)
    states.record_outcome(officer, row.pk, "detained", 2, now=NOW)  # corrected: replaces
    case.refresh_from_db()
    assert case.detained == 2


def test_another_unit_may_not_move_it(cpeople, types):
    case = file(cpeople["officer"], types["smuggling"], party="甲")
    for who in ("handler", "dept_handler", "police_user", "leader"):
        with pytest.raises(CaseError):
            states.advance(cpeople[who], case.pk, "investigated", now=NOW)
    # the office may
    assert states.advance(cpeople["admin"], case.pk, "investigated", now=NOW).state


def test_the_office_decides_consequences(cpeople, types, retailer):
    case = file(cpeople["officer"], types["counterfeit_sale"], site=retailer)
    grade = case.consequences.get(kind="grade")
    with pytest.raises(CaseError):
        decide_consequence(cpeople["officer"], grade.pk, True)
    decide_consequence(cpeople["admin"], grade.pk, True)
    assert LicenceConsequence.objects.get(pk=grade.pk).decision == "confirmed"
    with pytest.raises(CaseError):
        decide_consequence(cpeople["admin"], grade.pk, False)
    assert Recheck.objects.filter(case=case).count() == 3
