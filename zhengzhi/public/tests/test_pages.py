"""The citizen's pages through the test client: report, the answer, tracking, rating, the map;
bad input, robots and rate limits never lose what was typed and never answer 500."""

import re

import pytest
from django.core.cache import caches
from django.urls import reverse

from zhengzhi.files.models import StoredFile
from zhengzhi.files.tests.samples import image_bytes, upload
from zhengzhi.ledger.models import EventKind, Problem, Source, Status
from zhengzhi.ledger.services import moves
from zhengzhi.ledger.tests.pages_support import close_checked
from zhengzhi.public.models import PublicReport, Rating
from zhengzhi.public.tests.conftest import INSIDE, OUTSIDE

EN = {"django_language": "en"}


@pytest.fixture(autouse=True)
def _fresh_counters(db):
    caches["ratelimit"].clear()


@pytest.fixture
def en(client):
    client.cookies.load(EN)
    return client


def _form(**kw):
    data = {
        "category": "0101",
        "description": "垃圾堆在门口",
        "lon": str(INSIDE[0]),
        "lat": str(INSIDE[1]),
        "address": "柳岸路8号",
        "name": "李四",
        "phone": "13900001111",
        "wants_updates": "on",
        "client_token": "t" + "0" * 31,
        "homepage": "",
    }
    data.update(kw)
    return data


def test_the_form_shows_public_categories_only_in_chinese(client, categories, grids):
    page = client.get("/report").content.decode()
    assert "我要举报" in page and "暴露垃圾" in page
    internal = next(c for c in categories.values() if c.parent_id and not c.is_public)
    assert f'value="{internal.code}"' not in page
    assert re.search(r'name="client_token" value="[0-9a-f]{32}"', page)


def test_a_report_answers_with_its_code_and_the_tracking_link(en, categories, grids, photo):
    response = en.post("/report", _form(photos=[photo(), photo("b.jpg")]))
    assert response.status_code == 302
    report = PublicReport.objects.get()
    assert response["Location"] == f"/report/sent/{report.tracking_code}"
    page = en.get(response["Location"])
    assert report.tracking_code in page.content.decode()
    assert f"/track/{report.tracking_code}" in page.content.decode()
    assert page["Cache-Control"].startswith("private") and page["Referrer-Policy"] == "same-origin"
    assert report.problem.source == Source.PUBLIC
    assert StoredFile.objects.filter(owner_id=report.problem_id).count() == 2


def test_a_double_tap_makes_one_report(client, categories, grids):
    first = client.post("/report", _form())
    second = client.post("/report", _form())
    assert first["Location"] == second["Location"]
    assert PublicReport.objects.count() == 1 and Problem.objects.count() == 1


def test_the_fetch_submission_answers_json(client, categories, grids, photo):
    ok = client.post("/report", _form(photos=[photo()]), headers={"X-Report-Ajax": "1"})
    assert ok.status_code == 200 and ok.json()["ok"] and ok.json()["url"].startswith("/report/")
    bad = client.post(
        "/report",
        _form(client_token="x" * 32, description=""),
        headers={"X-Report-Ajax": "1"},
    )
    assert bad.status_code == 400 and not bad.json()["ok"] and "description" in bad.json()["errors"]


@pytest.mark.parametrize(
    ("change", "field", "text"),
    [
        ({"category": "0999"}, "category", "Choose one of the kinds of problem listed"),
        ({"description": ""}, "description", "Please describe the problem."),
        ({"lon": "", "lat": "", "address": ""}, "place", "Give the place"),
        ({"lon": str(OUTSIDE[0]), "lat": str(OUTSIDE[1])}, "place", "outside the area"),
        ({"lon": "abc"}, "place", "not a pair of numbers"),
        ({"phone": "call me maybe"}, "phone", "digits only"),
    ],
)
def test_bad_input_keeps_everything_typed(en, categories, grids, change, field, text):
    response = en.post("/report", _form(**change))
    page = response.content.decode()
    assert response.status_code == 400 and text in page
    assert not PublicReport.objects.exists()
    # what was typed is still there
    for name in ("description", "address", "name", "phone"):
        value = _form(**change)[name]
        if value:
            assert value in page


def test_a_bad_photo_is_refused_with_its_number(en, categories, grids, photo):
    response = en.post("/report", _form(photos=[photo(), upload("x.jpg", b"not a photo")]))
    assert response.status_code == 400 and "Photo 2" in response.content.decode()
    assert not Problem.objects.exists() and not StoredFile.objects.exists()


def test_seven_photos_are_too_many(en, categories, grids):
    photos = [upload(f"{i}.png", image_bytes("PNG", (20, 20))) for i in range(7)]
    response = en.post("/report", _form(photos=photos))
    assert response.status_code == 400 and "At most 6 photos" in response.content.decode()


def test_the_honeypot_refuses_robots_without_a_report(en, categories, grids):
    response = en.post("/report", _form(homepage="http://spam.example"))
    assert response.status_code == 400 and "could not be accepted" in response.content.decode()
    assert not PublicReport.objects.exists()


def test_the_rate_limit_answers_429_and_keeps_the_form(en, categories, grids, settings):
    settings.PUBLIC_RATE = "2/h"
    for i in range(2):
        assert en.post("/report", _form(client_token=f"tok{i}")).status_code == 302
    response = en.post("/report", _form(client_token="tok3", description="第三次"))
    assert response.status_code == 429 and "Too many reports" in response.content.decode()
    assert "第三次" in response.content.decode() and int(response["Retry-After"]) > 0
    assert PublicReport.objects.count() == 2
    # the same submission again is its answer, not a new report, even over the limit
    assert en.post("/report", _form(client_token="tok0")).status_code == 302


def test_other_methods_and_garbage_never_500(client, categories, grids):
    assert client.put("/report").status_code == 405
    assert client.post("/report", {"description": "\x00"}).status_code == 400
    assert client.get("/report/where?lon=abc&lat=1").json() == {
        "inside": False,
        "valid": False,
        "place": "",
    }
    assert client.get("/track/../../etc").status_code == 404
    assert client.get("/track/abc").status_code == 404


def test_where_names_the_place_and_says_when_it_is_outside(client, grids, units):
    inside = client.get(f"/report/where?lon={INSIDE[0]}&lat={INSIDE[1]}").json()
    assert inside["inside"] and units["c1"].name in inside["place"]
    assert not client.get(f"/report/where?lon={OUTSIDE[0]}&lat={OUTSIDE[1]}").json()["inside"]


# ---- tracking -----------------------------------------------------------------------------------


def _close(problem, staff, photo):
    """The office and the unit take the problem round the loop, with an after-photo."""
    from zhengzhi.files.services import store_upload

    p = moves.register(problem.pk, actor=staff["dispatcher"])
    p = moves.dispatch(p.pk, actor=staff["dispatcher"])
    p = moves.accept(p.pk, actor=staff["handler"], note="内部备注：王科长已安排")
    after = store_upload(photo("after.jpg"), user=staff["handler"], unit=p.owner_unit)
    p = moves.report_back(
        p.pk, actor=staff["handler"], note="已清运（内部说明）", photo_ids=[after.pk]
    )
    return close_checked(p.pk, actor=staff["inspector"], note="核查人：赵六"), after


def test_the_timeline_shows_public_steps_without_notes_or_names(en, public_report, staff, photo):
    report, _ = public_report()
    problem, after = _close(report.problem, staff, photo)
    page = en.get(f"/track/{report.tracking_code}").content.decode()
    for step in ("Report received", "Accepted for handling", "Passed to the responsible unit"):
        assert step in page
    assert "Done: checked on the spot" in page
    for secret in (
        "王科长",
        "内部",
        "赵六",
        "handler",
        "inspector",
        "dispatcher",
        "张三",
        "1381234",
    ):
        assert secret not in page
    assert f"/track/{report.tracking_code}/photos/{after.pk}" in page
    assert en.get(f"/track/{report.tracking_code}/photos/{after.pk}/thumb").status_code == 200
    assert "Are you satisfied with the result?" in page


def test_a_citizen_gets_their_own_photos_and_after_photos_of_a_done_problem_only(
    client, public_report, staff, photo
):
    report, _ = public_report(photos=[photo()])
    before = StoredFile.objects.get(owner_id=report.problem_id)
    # The citizen's own photo: on the tracking page, through their code only.
    assert client.get(f"/track/{report.tracking_code}/photos/{before.pk}").status_code == 200
    other, _ = public_report(client_token="other")
    assert client.get(f"/track/{other.tracking_code}/photos/{before.pk}").status_code == 404
    _problem, after = _close(other.problem, staff, photo)
    assert client.get(f"/track/{other.tracking_code}/photos/{after.pk}").status_code == 200
    # another report's code does not open this photo
    assert client.get(f"/track/{report.tracking_code}/photos/{after.pk}").status_code == 404


def test_a_rejected_report_says_why(en, public_report, staff):
    report, _ = public_report()
    moves.reject(report.problem_id, actor=staff["dispatcher"], reason="不属于本辖区管理范围")
    page = en.get(f"/track/{report.tracking_code}").content.decode()
    assert "Not accepted" in page and "不属于本辖区管理范围" in page
    assert "Are you satisfied" not in page


def test_a_merged_report_follows_its_master(en, public_report, staff, photo):
    master, _ = public_report(client_token="m")
    dup, _ = public_report(client_token="d", point=(120.0051, 30.0051))
    moves.merge(dup.problem_id, actor=staff["dispatcher"], master_id=master.problem_id)
    _close(master.problem, staff, photo)
    page = en.get(f"/track/{dup.tracking_code}").content.decode()
    assert "Combined with an earlier report" in page and "Done: checked on the spot" in page
    assert "Reported 2 times" in page
    assert en.post(f"/track/{dup.tracking_code}/rate", {"rating": "satisfied"}).status_code == 302
    dup.refresh_from_db()
    assert dup.rating == Rating.SATISFIED


def test_codes_are_case_insensitive_and_unknown_ones_are_rate_limited(client, public_report):
    report, _ = public_report()
    response = client.get(f"/track/{report.tracking_code.lower()}")
    assert response.status_code == 302 and response["Location"] == f"/track/{report.tracking_code}"
    assert client.get(f"/track?code={report.tracking_code.lower()}").status_code == 302
    statuses = {client.get(f"/track/{'2' * 10}").status_code for _ in range(31)}
    assert statuses == {404, 429}


# ---- rating -------------------------------------------------------------------------------------


def test_rating_once_after_closure_and_not_satisfied_goes_back_to_the_office(
    en, public_report, staff, photo
):
    from zhengzhi.ledger.selectors.queue import count_sections, queue_sections, section_problems

    report, _ = public_report()
    url = f"/track/{report.tracking_code}/rate"
    early = en.post(url, {"rating": "unsatisfied"})
    assert early.status_code == 400 and "once the problem is done" in early.content.decode()
    problem, _ = _close(report.problem, staff, photo)
    bad = en.post(url, {"rating": "great", "comment": "很好"})
    assert bad.status_code == 400 and "很好" in bad.content.decode()
    assert en.post(url, {"rating": "unsatisfied", "comment": "还是很脏"}).status_code == 302
    report.refresh_from_db()
    assert report.rating == Rating.UNSATISFIED and report.rating_comment == "还是很脏"
    note = problem.events.filter(kind=EventKind.NOTE).last()
    assert note.data["citizen_rating"] == "unsatisfied" and "还是很脏" in note.note
    again = en.post(url, {"rating": "satisfied"})
    assert again.status_code == 400 and "already rated" in again.content.decode()
    page = en.get(f"/track/{report.tracking_code}").content.decode()
    assert "Your rating" in page and "Not satisfied" in page

    sections = {s.key: s for s in queue_sections(staff["inspector"])}
    count_sections(staff["inspector"], list(sections.values()))
    assert sections["unsatisfied"].count == 1
    listed = section_problems(staff["inspector"], sections["unsatisfied"])
    assert [p.pk for p in listed] == [problem.pk]
    # the tab comes after the verifier's own, for the office's dispatchers too; the unit's
    # handler has no such tab; the office reviews it and it leaves the queue
    assert [key for key in sections if key in ("verify", "unsatisfied")] == [
        "verify",
        "unsatisfied",
    ]
    assert "unsatisfied" in {s.key for s in queue_sections(staff["dispatcher"])}
    assert "unsatisfied" not in {s.key for s in queue_sections(staff["handler"])}
    from zhengzhi.public.services.rating import mark_reviewed

    assert mark_reviewed(problem.pk, actor=staff["dispatcher"], note="已电话解释") == 1
    count_sections(staff["inspector"], list(sections.values()))
    assert sections["unsatisfied"].count == 0


def test_a_reopened_problem_leaves_the_queue_and_may_be_rated_again(public_report, staff, photo):
    from zhengzhi.ledger.selectors.queue import count_sections, queue_sections
    from zhengzhi.public.services.rating import rate

    report, _ = public_report()
    problem, _ = _close(report.problem, staff, photo)
    rate(report.pk, rating=Rating.UNSATISFIED)
    moves.reopen(problem.pk, actor=staff["inspector"], note="市民反映仍未解决")
    sections = [s for s in queue_sections(staff["inspector"]) if s.key == "unsatisfied"]
    count_sections(staff["inspector"], sections)
    assert sections[0].count == 0
    p = moves.accept(problem.pk, actor=staff["handler"])
    p = moves.report_back(p.pk, actor=staff["handler"], note="再次清运")
    close_checked(p.pk, actor=staff["inspector"])
    sections = [s for s in queue_sections(staff["inspector"]) if s.key == "unsatisfied"]
    count_sections(staff["inspector"], sections)
    assert sections[0].count == 0  # the old rating was before the new closing
    assert rate(report.pk, rating=Rating.BASIC).rating == Rating.BASIC


# ---- the public map -----------------------------------------------------------------------------


def test_the_map_shows_recent_public_problems_without_personal_data(
    client, public_report, new_problem, staff, django_assert_max_num_queries
):
    report, _ = public_report(description="隔壁王五家门口")
    new_problem(category="0101", source=Source.COVERT, description="暗访发现")
    rejected, _ = public_report(client_token="r")
    moves.reject(rejected.problem_id, actor=staff["dispatcher"], reason="重复")
    with django_assert_max_num_queries(3):
        data = client.get("/report/map/problems.json").json()
    assert len(data["features"]) == 1
    props = data["features"][0]["properties"]
    assert props["kind"] == "暴露垃圾" and props["status"]
    body = str(data)
    for secret in ("王五", "张三", "13812341234", "暗访"):
        assert secret not in body
    with django_assert_max_num_queries(8):
        page = client.get("/report/map")
    assert page.status_code == 200 and "暴露垃圾" in page.content.decode()
    assert "王五" not in page.content.decode()


def test_the_areas_have_shapes_only(client, grids):
    data = client.get(reverse("public:areas")).json()
    assert len(data["grids"]["features"]) == 2
    assert set(data["grids"]["features"][0]["properties"]) == {"community_id"}


def test_pages_in_chinese_have_no_english_left(client, public_report, staff, photo):
    report, _ = public_report()
    _close(report.problem, staff, photo)
    for url in (
        "/report",
        "/report/map",
        "/track",
        f"/track/{report.tracking_code}",
        f"/report/sent/{report.tracking_code}",
    ):
        page = client.get(url).content.decode()
        text = re.sub(r"<script.*?</script>|<style.*?</style>|<[^>]+>", " ", page, flags=re.S)
        text = text.replace(report.tracking_code, "")
        words = [
            w
            for w in re.findall(r"[A-Za-z]{4,}", text)
            if w not in {"Homepage", "English", "JavaScript"}
        ]
        assert not words, (url, words[:10])


def test_the_problem_status_is_public_reported(public_report):
    report, _ = public_report()
    assert report.problem.status == Status.REPORTED


def test_the_office_sees_the_ratings_and_marks_one_reviewed(client, public_report, staff, photo):
    from zhengzhi.public.services.rating import rate

    report, _ = public_report()
    problem, _ = _close(report.problem, staff, photo)
    rate(report.pk, rating=Rating.UNSATISFIED, comment="还是很脏")
    client.cookies.load(EN)
    client.force_login(staff["handler"])
    page = client.get(f"/ledger/problems/{problem.pk}/").content.decode()
    assert "还是很脏" in page and "Mark the rating reviewed" not in page  # the unit: no form
    assert "张三" not in page and "13812341234" not in page
    url = f"/public/office/problems/{problem.pk}/rating-reviewed/"
    client.post(url, {"note": "x"})
    report.refresh_from_db()
    assert report.rating_reviewed_at is None  # refused for the unit's handler
    client.force_login(staff["dispatcher"])
    page = client.get(f"/ledger/problems/{problem.pk}/").content.decode()
    assert "Mark the rating reviewed" in page
    assert client.post(url, {"note": ""}).status_code == 302
    report.refresh_from_db()
    assert report.rating_reviewed_at is None  # a note is required
    assert client.post(url, {"note": "已电话向市民解释"}).status_code == 302
    report.refresh_from_db()
    assert report.rating_reviewed_by == staff["dispatcher"]
    assert (
        client.post("/public/office/problems/999999/rating-reviewed/", {"note": "x"}).status_code
        == 404
    )
