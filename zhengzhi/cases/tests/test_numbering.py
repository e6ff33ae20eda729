"""Case numbers: per year, gap-free, also with filings at the same moment (PostgreSQL runs the
threads truly at once; SQLite serialises them)."""

import datetime as dt
import threading

import pytest
from django.db import connection

from zhengzhi.cases.models import Case
from zhengzhi.cases.services.errors import CaseError
from zhengzhi.cases.tests.conftest import file


@pytest.mark.django_db
def test_per_year_and_no_gap_after_a_refusal(cpeople, types):
    officer = cpeople["officer"]
    assert file(officer, types["smuggling"], party="甲").number == "2026-00001"
    with pytest.raises(CaseError):
        file(officer, types["smuggling"], party="乙", goods=[("x", "0", "case")])
    assert file(officer, types["smuggling"], party="丙").number == "2026-00002"
    last_year = file(officer, types["smuggling"], party="丁", filed_on=dt.date(2025, 12, 31))
    assert last_year.number == "2025-00001" and last_year.year == 2025


@pytest.mark.django_db(transaction=True)
def test_concurrent_filings_get_every_number_once(cpeople, types):
    officer, smuggling = cpeople["officer"], types["smuggling"]
    workers, each = 4, 5
    barrier, errors = threading.Barrier(workers), []

    def work(n):
        try:
            barrier.wait()
            for i in range(each):
                file(officer, smuggling, party=f"{n}-{i}")
        except Exception as exc:  # a thread's exception is otherwise lost
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=work, args=(n,)) for n in range(workers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    numbers = sorted(Case.objects.values_list("number", flat=True))
    assert numbers == [f"2026-{n:05d}" for n in range(1, workers * each + 1)]


def _race(n, fn):
    barrier, results, errors = threading.Barrier(n), [], []

    def work():
        try:
            barrier.wait()
            results.append(fn())
        except Exception as exc:  # the loser's refusal, checked below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=work) for _ in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results, errors


@pytest.mark.django_db(transaction=True)
def test_two_moves_of_one_case_at_once(cpeople, types, retailer):
    from zhengzhi.cases.services import states
    from zhengzhi.cases.services.errors import StaleCase
    from zhengzhi.cases.services.rechecks import record_recheck

    officer = cpeople["officer"]
    case = file(officer, types["off_channel"], site=retailer)
    results, errors = _race(2, lambda: states.advance(officer, case.pk, "investigated", version=1))
    assert len(results) == 1 and len(errors) == 1 and isinstance(errors[0], StaleCase)
    assert Case.objects.get(pk=case.pk).version == 2
    recheck = case.rechecks.first()
    results, errors = _race(2, lambda: record_recheck(officer, recheck.pk, "clean"))
    assert len(results) == 1 and [e.code for e in errors] == ["done"]
