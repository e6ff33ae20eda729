"""Entering, correcting (history kept), confirming and returning values; scope and bad input."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from zhengzhi.audit.models import AuditEvent
from zhengzhi.conftest import local
from zhengzhi.files.models import FileKind
from zhengzhi.files.services import store_upload
from zhengzhi.standards.models import IndicatorValue, Measure, ValueStatus
from zhengzhi.standards.scope import visible_measures, visible_values
from zhengzhi.standards.services import values
from zhengzhi.standards.services.errors import StandardsError
from zhengzhi.standards.tests.conftest import Y2024, Y2025, pdf

pytestmark = pytest.mark.django_db
NOW = local(2025, 6, 3, 10)


def _doc(user, unit):
    return store_upload(pdf(), user=user, unit=unit, allowed=(FileKind.DOCUMENT,))


def test_a_lead_department_enters_with_a_document_and_the_office_confirms(greening, people, units):
    user = people["dept_handler"]
    doc = _doc(user, units["dept"])
    value = values.enter_value(
        user, greening, units["dept"], dt.date(2025, 3, 9), "32.03%", document=doc, now=NOW
    )
    assert (value.period, value.number, value.status) == (Y2025, Decimal("32.03"), "entered")
    doc.refresh_from_db()
    assert doc.owner == value and doc.purpose == "proof"
    confirmed = values.confirm_value(people["admin"], value.pk, now=NOW)
    assert confirmed.status == ValueStatus.CONFIRMED and confirmed.confirmed_by == people["admin"]
    assert AuditEvent.objects.filter(action="standards.value.entered").count() == 1
    assert AuditEvent.objects.filter(action="standards.value.confirmed").count() == 1


def test_a_correction_keeps_the_history_and_the_document(greening, people, units):
    user = people["dept_handler"]
    doc = _doc(user, units["dept"])
    first = values.enter_value(user, greening, units["dept"], Y2024, "30", document=doc, now=NOW)
    values.confirm_value(people["admin"], first.pk)
    second = values.enter_value(
        user, greening, units["dept"], Y2024, "31.5", replaces=first.pk, now=NOW
    )
    first.refresh_from_db()
    assert not first.current and first.status == ValueStatus.CONFIRMED
    assert second.current and second.replaces == first and second.document == doc
    assert second.status == ValueStatus.ENTERED
    assert AuditEvent.objects.filter(action="standards.value.corrected").count() == 1


def test_a_stale_correction_is_refused(greening, people, units):
    user = people["dept_handler"]
    first = values.enter_value(user, greening, units["dept"], Y2024, "30", now=NOW)
    values.enter_value(user, greening, units["dept"], Y2024, "31", replaces=first.pk, now=NOW)
    with pytest.raises(StandardsError) as err:
        values.enter_value(user, greening, units["dept"], Y2024, "32", replaces=first.pk, now=NOW)
    assert err.value.code == "stale"
    with pytest.raises(StandardsError):  # a second "first" entry is stale too
        values.enter_value(user, greening, units["dept"], Y2024, "33", now=NOW)
    assert IndicatorValue.objects.filter(current=True).count() == 1


@pytest.mark.parametrize("raw", ["", "abc", "1e400", "NaN", "Infinity"])
def test_bad_numbers_are_refused(greening, people, units, raw):
    with pytest.raises(StandardsError):
        values.enter_value(people["dept_handler"], greening, units["dept"], Y2024, raw, now=NOW)


def test_grades_and_yes_no(shipped, people, units):
    rats = Measure.objects.get(code="rat_density_grade")
    laws = Measure.objects.get(code="patriotic_health_rules")
    admin = people["admin"]
    assert values.enter_value(admin, rats, units["dept"], Y2024, "c", now=NOW).grade == "C"
    assert values.enter_value(admin, laws, units["dept"], Y2024, "是", now=NOW).flag is True
    with pytest.raises(StandardsError):
        values.enter_value(admin, rats, units["dept"], Y2025, "E", now=NOW)
    with pytest.raises(StandardsError):
        values.enter_value(admin, laws, units["dept"], Y2025, "maybe", now=NOW)


def test_a_future_period_is_refused(greening, people, units):
    with pytest.raises(StandardsError):
        values.enter_value(
            people["dept_handler"], greening, units["dept"], dt.date(2026, 1, 1), "30", now=NOW
        )


def test_a_unit_fills_only_its_own_measures(greening, people, units):
    other = Measure.objects.get(code="park_area_per_capita")
    with pytest.raises(PermissionDenied):
        values.enter_value(people["dept_handler"], other, units["dept"], Y2024, "5", now=NOW)
    with pytest.raises(PermissionDenied):  # its measure, for a unit outside its scope
        values.enter_value(people["dept_handler"], greening, units["c1"], Y2024, "5", now=NOW)
    with pytest.raises(PermissionDenied):
        values.enter_value(people["handler"], greening, units["c1"], Y2024, "5", now=NOW)
    with pytest.raises(PermissionDenied):  # leaders read only
        values.enter_value(people["leader"], greening, units["dept"], Y2024, "5", now=NOW)
    satisfaction = Measure.objects.get(code="satisfaction_rate")
    with pytest.raises(PermissionDenied):  # filled from facts, never typed
        values.enter_value(people["admin"], satisfaction, units["dept"], Y2024, "90", now=NOW)
    assert list(visible_measures(people["dept_handler"])) == [greening]
    assert not visible_measures(people["handler"]).exists()


def test_values_are_seen_in_scope(greening, people, units):
    mine = values.enter_value(people["admin"], greening, units["dept"], Y2024, "30", now=NOW)
    street = values.enter_value(people["admin"], greening, units["c1"], Y2024, "31", now=NOW)
    assert set(visible_values(people["dept_handler"])) == {mine, street}  # it leads the measure
    assert set(visible_values(people["handler"])) == {street}
    assert not visible_values(people["other_handler"]).exists()


def test_only_the_office_confirms_or_returns(greening, people, units):
    value = values.enter_value(
        people["dept_handler"], greening, units["dept"], Y2024, "30", now=NOW
    )
    for who in ("dept_handler", "leader", "handler"):
        with pytest.raises(PermissionDenied):
            values.confirm_value(people[who], value.pk)
    with pytest.raises(StandardsError):
        values.return_value(people["admin"], value.pk, "  ")
    returned = values.return_value(people["admin"], value.pk, "附件不清晰")
    assert returned.status == ValueStatus.RETURNED
