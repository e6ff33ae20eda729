"""Editions are numbered 第 N 期 per series and year, without gaps, when issued — also with two
issuers at the same moment (PostgreSQL: real concurrent transactions)."""

import datetime as dt
import threading

import pytest
from django.db import connection, connections

from zhengzhi.conftest import local
from zhengzhi.supervision.models import Edition, EditionStatus
from zhengzhi.supervision.services import editions
from zhengzhi.supervision.services.errors import SupervisionError


def _draft(series, day, staff):
    edition = Edition.objects.create(
        series=series,
        period_start=day,
        period_end=day + dt.timedelta(days=9),
        created_by=staff["admin"],
    )
    editions.draft(edition.pk)
    edition.refresh_from_db()
    assert edition.status == EditionStatus.DRAFT, edition.error
    return edition


@pytest.mark.django_db
@pytest.mark.time_machine(local(2026, 12, 21, 10))
def test_numbers_follow_the_order_of_issue_not_of_drafting(series, staff):
    a = _draft(series, dt.date(2026, 12, 1), staff)
    b = _draft(series, dt.date(2026, 12, 11), staff)
    c = _draft(series, dt.date(2026, 11, 21), staff)
    for e in (b, c, a):
        editions.issue(e.pk, actor=staff["admin"], version=Edition.objects.get(pk=e.pk).version)
    got = {e.pk: (e.year, e.number) for e in Edition.objects.all()}
    assert got == {b.pk: (2026, 1), c.pk: (2026, 2), a.pk: (2026, 3)}


@pytest.mark.django_db
def test_a_new_year_starts_again_at_one_and_an_issued_edition_cannot_be_issued_again(
    series, staff, time_machine
):
    time_machine.move_to(local(2026, 12, 31, 23, 0), tick=False)
    a = _draft(series, dt.date(2026, 12, 1), staff)
    a = editions.issue(a.pk, actor=staff["admin"], version=a.version)
    time_machine.move_to(local(2027, 1, 1, 0, 30), tick=False)
    b = _draft(series, dt.date(2026, 12, 21), staff)
    b = editions.issue(b.pk, actor=staff["admin"], version=b.version)
    assert (a.year, a.number, b.year, b.number) == (2026, 1, 2027, 1)
    with pytest.raises(SupervisionError):
        editions.issue(b.pk, actor=staff["admin"], version=b.version)


@pytest.mark.django_db(transaction=True)
def test_two_issuers_at_once_take_consecutive_numbers(series, staff):
    if connection.vendor != "postgresql":
        pytest.skip("concurrent transactions need PostgreSQL")
    drafts = [_draft(series, dt.date(2026, 10, 1 + 10 * i), staff) for i in range(2)]
    barrier = threading.Barrier(2)
    errors: list[Exception] = []

    def issue(edition):
        try:
            barrier.wait(timeout=10)
            editions.issue(edition.pk, actor=staff["admin"], version=edition.version)
        except Exception as exc:  # reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=issue, args=(d,)) for d in drafts]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert not errors
    numbers = sorted(Edition.objects.values_list("number", flat=True))
    assert numbers == [1, 2]
