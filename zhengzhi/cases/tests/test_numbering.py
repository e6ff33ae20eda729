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
