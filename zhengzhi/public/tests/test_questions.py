"""The web form asks the chosen category's extra questions, checks them as Open311 does, keeps
what was typed when something is wrong, and stores the answers on the report."""

import pytest
from django.core.cache import caches

from zhengzhi.public.models import PublicReport
from zhengzhi.public.services.questions import load_questions
from zhengzhi.public.tests.test_pages import _form


@pytest.fixture(autouse=True)
def _questions(db, categories):
    caches["ratelimit"].clear()
    load_questions()


def test_the_form_shows_each_categorys_questions_under_its_name(client, grids):
    page = client.get("/report").content.decode()
    assert 'data-questions-for="0101"' in page and "垃圾大约有多少？" in page
    assert 'name="q.0101.amount" value="cart"' in page and 'type="radio"' in page
    assert 'name="q.0401.blocks" value="sidewalk"' in page and 'type="checkbox"' in page
    assert 'name="q.1201.size_m" type="number"' in page
    assert "闻到燃气味请立即远离现场" in page  # a note, with no input of its own
    assert 'name="q.0603.warning"' not in page


def test_answers_are_checked_and_stored_with_the_report(client, grids):
    response = client.post(
        "/report",
        _form(**{"q.0101.amount": "truck", "q.0101.smell": "yes", "q.0401.blocks": "road"}),
    )
    assert response.status_code == 302
    # The answer to another category's question (the citizen changed their mind) is dropped.
    assert PublicReport.objects.get().attributes == {"amount": "truck", "smell": "yes"}


def test_a_missing_required_answer_keeps_everything_typed(client, grids):
    response = client.post("/report", _form(**{"q.0101.smell": "no", "description": "门口垃圾"}))
    assert response.status_code == 400 and not PublicReport.objects.exists()
    page = response.content.decode()
    assert "“垃圾大约有多少？”：此项必答。" in page
    assert 'name="q.0101.smell" value="no" checked' in page and "门口垃圾" in page


def test_a_choice_outside_the_list_is_refused_in_json_too(client, grids):
    response = client.post(
        "/report", _form(**{"q.0101.amount": "lorry"}), headers={"X-Report-Ajax": "1"}
    )
    assert response.status_code == 400
    assert "lorry" in response.json()["errors"]["questions"][0]
    assert not PublicReport.objects.exists()


def test_numbers_and_times_are_read_as_open311_reads_them(client, grids):
    response = client.post(
        "/report",
        _form(
            category="1201",
            **{
                "q.1201.size_m": "2.5",
                "q.1201.since": "2026-05-01T08:30",
                "q.1201.traffic": "partly",
            },
        ),  # fmt: skip
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    answers = PublicReport.objects.get().attributes
    assert answers["size_m"] == "2.5" and answers["since"].startswith("2026-05-01T08:30")
    bad = client.post("/report", _form(category="1201", client_token="u" * 32,
                                       **{"q.1201.size_m": "two", "q.1201.traffic": "no"}))  # fmt: skip
    assert bad.status_code == 400 and 'value="two"' in bad.content.decode()


def test_the_office_reads_the_answers_with_the_questions_and_choices_names(categories, grids):
    from zhengzhi.public.questions import answers_for_display
    from zhengzhi.public.services.intake import submit_report

    report, _ = submit_report(
        category=categories["0401"],
        description="占道",
        lon=120.005,
        lat=30.005,
        attributes={"blocks": ["sidewalk", "road"], "hours": "傍晚", "gone": "x"},
    )
    assert answers_for_display(report) == [
        ("占用了哪些地方？", "人行道、机动车道"),
        ("通常在什么时段出现？", "傍晚"),
        ("gone", "x"),
    ]
