"""The office drafts, edits and issues through the pages; units read what was issued, never a
draft; the documents are served as issued."""

import datetime as dt

import pytest
from django.urls import reverse

from zhengzhi.conftest import local
from zhengzhi.supervision.models import Edition, EditionStatus, Series

pytestmark = [pytest.mark.django_db, pytest.mark.time_machine(local(2026, 12, 5, 10))]


def test_office_creates_a_series_drafts_edits_and_issues(
    client, facts, leaders, django_capture_on_commit_callbacks
):
    admin = leaders["admin"]
    client.force_login(admin)
    response = client.post(
        reverse("supervision:series_new"),
        {"name": "创卫简报", "kind": "brief", "issuer": "区创卫办", "frequency": "weekly",
         "ranking_level": "community", "photos": "3", "is_active": "on"},
    )  # fmt: skip
    assert response.status_code == 302
    series = Series.objects.get(name="创卫简报")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("supervision:edition_new", args=[series.pk]), {"day": "2026-12-02"}
        )
    edition = Edition.objects.get(series=series)
    assert (edition.period_start, edition.period_end) == (
        dt.date(2026, 11, 30),
        dt.date(2026, 12, 6),
    )
    assert edition.status == EditionStatus.DRAFT and edition.photo_choices == [facts["typical"].pk]
    page = client.get(reverse("supervision:edition", args=[edition.pk])).content.decode()
    assert 'id="edition-form"' in page and facts["overdue"].number in page
    response = client.post(
        reverse("supervision:edition_edit", args=[edition.pk]),
        {"version": edition.version, "title": "", "progress_text": "进展顺利",
         "problems_text": "", "advice_text": "加强巡查", "photos": []},
    )  # fmt: skip
    edition.refresh_from_db()
    assert edition.progress_text == "进展顺利" and edition.photo_choices == []
    # A stale form is refused, nothing changes.
    client.post(
        reverse("supervision:edition_edit", args=[edition.pk]),
        {"version": edition.version - 1, "progress_text": "旧的"},
    )
    edition.refresh_from_db()
    assert edition.progress_text == "进展顺利"
    response = client.post(
        reverse("supervision:edition_issue", args=[edition.pk]), {"version": edition.version}
    )
    edition.refresh_from_db()
    assert edition.status == EditionStatus.ISSUED and edition.number == 1
    docx = client.get(reverse("supervision:document", args=[edition.pk, "docx"]))
    assert docx.status_code == 200 and docx.content[:2] == b"PK"


def test_units_read_issued_editions_only(client, facts, leaders, series):
    from zhengzhi.supervision.services import editions

    draft = editions.start_draft(series, dt.date(2026, 12, 3), actor=leaders["admin"])
    editions.draft(draft.pk)
    draft.refresh_from_db()
    client.force_login(leaders["c2_handler"])
    assert client.get(reverse("supervision:edition", args=[draft.pk])).status_code == 404
    assert str(draft) not in client.get(reverse("supervision:editions")).content.decode()
    assert (
        client.post(
            reverse("supervision:edition_issue", args=[draft.pk]), {"version": draft.version}
        ).status_code
        == 404
    )
    issued = editions.issue(draft.pk, actor=leaders["admin"], version=draft.version)
    assert client.get(reverse("supervision:edition", args=[issued.pk])).status_code == 200
    assert str(issued) in client.get(reverse("supervision:editions")).content.decode()
    assert client.get(reverse("supervision:document", args=[issued.pk, "pdf"])).status_code == 404
    assert client.get(reverse("supervision:series_new")).status_code == 404


def test_a_period_has_one_edition(client, leaders, series):
    from zhengzhi.supervision.services import editions
    from zhengzhi.supervision.services.errors import SupervisionError

    editions.start_draft(series, dt.date(2026, 12, 3), actor=leaders["admin"])
    with pytest.raises(SupervisionError) as exc:
        editions.start_draft(series, dt.date(2026, 12, 9), actor=leaders["admin"])
    assert exc.value.code == "exists"
