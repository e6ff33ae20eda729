"""Questionnaires: the office drafts, publishes and closes (audited, frozen once published);
residents answer anonymously once per device; results count and give the satisfaction rate."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from zhengzhi.audit.models import AuditEvent
from zhengzhi.surveys import services
from zhengzhi.surveys.models import Answer, QuestionKind, Response, SurveyStatus
from zhengzhi.surveys.results import results
from zhengzhi.surveys.services import DEVICE_COOKIE, SurveyError

pytestmark = pytest.mark.django_db


@pytest.fixture
def survey(staff):
    admin = staff["admin"]
    s = services.create_survey(actor=admin, title="环境卫生满意度调查", intro="匿名填写")
    services.add_question(
        s.pk,
        actor=admin,
        kind=QuestionKind.SINGLE,
        text="您的年龄段？",
        choices="40岁以下\n40岁以上",
    )
    services.add_question(
        s.pk,
        actor=admin,
        kind=QuestionKind.MULTIPLE,
        text="最需整治？",
        choices=["垃圾", "停车", "油烟"],
    )
    services.add_question(s.pk, actor=admin, kind=QuestionKind.TEXT, text="建议", required=False)
    return services.publish(s.pk, actor=admin)


def form_for(survey, rating="satisfied", single=0, multiple=(0, 2), text="多放垃圾桶"):
    sat, one, many, free = survey.questions.all()
    data = {f"q{sat.pk}": str(sat.choices.get(rating=rating).pk)}
    data[f"q{one.pk}"] = str(one.choices.all()[single].pk)
    data[f"q{many.pk}"] = [str(many.choices.all()[i].pk) for i in multiple]
    data[f"q{free.pk}"] = text
    return data


def answer_url(survey):
    return reverse("survey_public:answer", args=[survey.code])


def test_office_changes_are_audited_and_a_published_survey_is_frozen(staff, survey):
    actions = list(
        AuditEvent.objects.filter(object_type="surveys.survey").order_by("seq")
        .values_list("action", flat=True)
    )  # fmt: skip
    assert actions == ["survey.create", *["survey.question.add"] * 3, "survey.publish"]
    assert survey.questions.first().kind == QuestionKind.SATISFACTION
    with pytest.raises(SurveyError) as exc:
        services.add_question(survey.pk, actor=staff["admin"], kind="text", text="再加一题")
    assert exc.value.code == "not_draft"
    services.close(survey.pk, actor=staff["admin"])
    with pytest.raises(SurveyError):
        services.close(survey.pk, actor=staff["admin"])


def test_bad_questions_are_refused(staff):
    s = services.create_survey(actor=staff["admin"], title="问卷")
    admin = staff["admin"]
    for kw in (
        {"kind": "single", "text": "只有一个选项", "choices": "是"},
        {"kind": "single", "text": "重复选项", "choices": "是\n是"},
        {"kind": "bogus", "text": "题目"},
        {"kind": "text", "text": " "},
    ):
        with pytest.raises(SurveyError):
            services.add_question(s.pk, actor=admin, **kw)
    sat = s.questions.get()
    with pytest.raises(SurveyError):
        services.remove_question(s.pk, sat.pk, actor=admin)
    with pytest.raises(SurveyError) as exc:
        services.publish(s.pk, actor=admin, version=s.version - 1)
    assert exc.value.code == "stale"


@pytest.mark.parametrize("who", ["handler", "dept_handler", "street_leader"])
def test_units_have_no_survey_office_pages(client, staff, survey, who):
    client.force_login(staff[who])
    for url in (
        "/surveys/",
        f"/surveys/{survey.pk}/",
        f"/surveys/{survey.pk}/qr.svg",
        "/surveys/new/",
    ):
        assert client.get(url).status_code == 404
    with pytest.raises(PermissionDenied):
        services.create_survey(actor=staff[who], title="x")


def test_a_resident_answers_once_per_device_anonymously(client, survey):
    url = answer_url(survey)
    page = client.get(url)
    assert page.status_code == 200 and DEVICE_COOKIE in page.cookies
    assert "满意" in page.content.decode() and "问卷匿名" in page.content.decode()
    done = client.post(url, form_for(survey))
    assert done.status_code == 200 and 'id="thanks"' in done.content.decode()
    again = client.post(url, form_for(survey, rating="unsatisfied"))
    assert again.status_code == 409 and 'id="already"' in again.content.decode()
    assert 'id="already"' in client.get(url).content.decode()
    response = Response.objects.get()
    assert response.device_hash != client.cookies[DEVICE_COOKIE].value
    assert Answer.objects.filter(response=response).count() == 5
    event = AuditEvent.objects.get(action="survey.response")
    assert event.ip is None and event.actor_id is None
    # Another device answers.
    client.cookies.clear()
    client.get(url)
    assert client.post(url, form_for(survey, rating="basic")).status_code == 200
    assert Response.objects.count() == 2


def test_bad_answers_are_refused_and_what_was_given_is_kept(client, survey):
    url = answer_url(survey)
    client.get(url)
    sat, one, many, free = survey.questions.all()
    data = form_for(survey, text="保留这段文字")
    data.pop(f"q{sat.pk}")
    response = client.post(url, data)
    body = response.content.decode()
    assert response.status_code == 400 and "请回答这道题" in body and "保留这段文字" in body
    assert f'value="{one.choices.first().pk}" checked' in body
    data = form_for(survey)
    data[f"q{one.pk}"] = [str(c.pk) for c in one.choices.all()]  # two answers to a single choice
    assert client.post(url, data).status_code == 400
    data = form_for(survey)
    data[f"q{many.pk}"] = ["999999"]
    assert client.post(url, data).status_code == 400
    data = form_for(survey, text="长" * 1001)
    assert client.post(url, data).status_code == 400
    assert not Response.objects.exists()


def test_no_cookie_closed_or_draft(client, staff, survey):
    url = answer_url(survey)
    assert client.post(url, form_for(survey)).status_code == 400  # never got the cookie
    draft = services.create_survey(actor=staff["admin"], title="草稿")
    assert client.get(answer_url(draft)).status_code == 404
    assert client.get("/survey/nosuchcode/").status_code == 404
    services.close(survey.pk, actor=staff["admin"])
    client.get(url)
    response = client.post(url, form_for(survey))
    assert response.status_code == 400 and not Response.objects.exists()


def test_a_flood_from_one_address_is_slowed(client, survey, monkeypatch):
    from zhengzhi.surveys import views_public

    monkeypatch.setattr(views_public, "ANSWER_RATE", "2/h")
    url = answer_url(survey)
    for _ in range(2):
        client.cookies.clear()
        client.get(url)
        assert client.post(url, form_for(survey)).status_code == 200
    client.cookies.clear()
    client.get(url)
    assert client.post(url, form_for(survey)).status_code == 429
    assert Response.objects.count() == 2


def test_results_count_and_give_the_satisfaction_rate(client, staff, survey):
    url = answer_url(survey)
    for rating in ["satisfied"] * 6 + ["basic"] * 3 + ["unsatisfied"]:
        client.cookies.clear()
        client.get(url)
        client.post(url, form_for(survey, rating=rating))
    out = results(survey)
    assert out["responses"] == 10
    sat = out["satisfaction"]
    assert (sat["satisfied"], sat["answered"], sat["rate"], sat["meets_target"]) == (
        9,
        10,
        0.9,
        True,
    )
    many = out["questions"][2]
    assert [c["n"] for c in many["choices"]] == [10, 0, 10]
    client.force_login(staff["leader"])
    body = client.get(f"/surveys/{survey.pk}/").content.decode()
    assert "90.0%" in body and "达到标准" in body and "多放垃圾桶" in body


def test_the_link_has_a_qr_code_made_by_the_app(client, staff, survey, settings):
    settings.SITE_URL = "https://zz.example.gov.cn"
    client.force_login(staff["admin"])
    body = client.get(f"/surveys/{survey.pk}/").content.decode()
    assert f"https://zz.example.gov.cn/survey/{survey.code}/" in body and "<svg" in body
    svg = client.get(f"/surveys/{survey.pk}/qr.svg")
    assert svg["Content-Type"] == "image/svg+xml" and svg.content.startswith(b"<?xml")
    png = client.get(f"/surveys/{survey.pk}/qr.png")
    assert png.content[:8] == b"\x89PNG\r\n\x1a\n"
    assert client.get(f"/surveys/{survey.pk}/qr.gif").status_code == 404  # no SVG under any name


def test_the_office_pages_create_and_publish(client, staff):
    client.force_login(staff["followup"])
    bad = client.post("/surveys/new/", {"title": " ", "intro": "保留"})
    assert bad.status_code == 400 and "保留" in bad.content.decode()
    client.post("/surveys/new/", {"title": "回访问卷", "intro": ""})
    from zhengzhi.surveys.models import Survey

    s = Survey.objects.get()
    r = client.post(
        f"/surveys/{s.pk}/questions/",
        {"kind": "single", "text": "是否知道创卫？", "choices": "知道\n不知道", "required": "on",
         "version": s.version},
    )  # fmt: skip
    assert r.status_code == 302
    s.refresh_from_db()
    client.post(f"/surveys/{s.pk}/publish/", {"version": s.version})
    s.refresh_from_db()
    assert s.status == SurveyStatus.OPEN and s.questions.count() == 2
