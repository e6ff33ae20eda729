"""The system page names background jobs in the reader's language."""

import pytest

from zhengzhi.jobs.models import Job
from zhengzhi.jobs.registry import job_label

pytestmark = pytest.mark.django_db


def test_jobs_are_named(client, people, django_assert_max_num_queries):
    for name in ("ledger.alerts", "campaigns.sheet_export", "gone.job"):
        Job.objects.create(name=name)
    client.cookies["django_language"] = "en"
    client.force_login(people["admin"])
    with django_assert_max_num_queries(12):
        html = client.get("/system/").content.decode()
    assert '<td title="ledger.alerts">Ledger reminders, overdue and escalation</td>' in html
    assert '<td title="campaigns.sheet_export">Dispatch sheet export</td>' in html
    assert '<td title="gone.job">gone.job</td>' in html  # no longer registered: its code
    client.cookies["django_language"] = "zh-hans"
    assert "台账提醒、超期与升级" in client.get("/system/").content.decode()


def test_job_label_falls_back_to_the_code():
    assert job_label("jobs.selftest") != "jobs.selftest"
    assert job_label("unknown") == "unknown"
