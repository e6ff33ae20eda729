"""The unit that must fix a problem never learns who reported it: not on any page it can reach,
not through the API, not in an export. Nor does a supporting department, a street above it, or a
leader. A reporter's photo loses its EXIF data (which can hold the phone's position, i.e. the
reporter's home) before it is stored.

The page check does not list pages by hand: it follows every link each user can reach from the
home page, the work queue, the ledger and the problem itself, so a page added later is checked
too. The tracking code counts as identity here: with it, anyone could rate the problem in the
citizen's name, and the unit is graded on those ratings.
"""

import io
import re
import zipfile
from collections import deque
from html import unescape
from urllib.parse import unquote, urljoin, urlsplit

import pytest
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from PIL import ExifTags, Image

from zhengzhi.files.models import StoredFile
from zhengzhi.files.tests.samples import phone_jpeg, upload
from zhengzhi.ledger.models import Problem
from zhengzhi.ledger.services import moves
from zhengzhi.public.services.identity import reporter_identity

pytestmark = pytest.mark.django_db

NAME, PHONE, EMAIL = "欧阳秘密", "13987654321", "mimi.whistle@example.cn"
NAME2, PHONE2, EMAIL2 = "司马隐名", "15866664444", "yinming@example.cn"
OUTSIDERS = ["handler", "dept_handler", "street_leader", "leader"]
MAX_PAGES = 160
SKIP = ("/accounts/logout", "/django-admin/", "/static/", "/api/v1/docs")


@pytest.fixture
def case(public_report, staff, units):
    """A citizen's report with a photo, dispatched to community c1 with the city management
    department supporting; a second citizen's report merged into it; the office has looked at
    the first reporter once (so the audit log holds a reason)."""
    first, _ = public_report(
        name=NAME,
        phone=PHONE,
        email=EMAIL,
        photos=[upload("IMG_20260501.jpg", phone_jpeg(), "image/jpeg")],
    )
    second, _ = public_report(name=NAME2, phone=PHONE2, email=EMAIL2, description="同一处垃圾")
    problem = first.problem
    moves.register(problem.pk, actor=staff["dispatcher"])
    moves.merge(second.problem_id, actor=staff["dispatcher"], master_id=problem.pk)
    moves.dispatch(problem.pk, actor=staff["dispatcher"])
    moves.accept(problem.pk, actor=staff["handler"])
    reporter_identity(first, user=staff["followup"], reason="回访")
    problem.refresh_from_db()
    assert problem.owner_unit == units["c1"] and problem.supporting_unit == units["dept"]
    return {"problem": problem, "duplicate": second.problem, "reports": [first, second]}


def secrets_of(case) -> list[str]:
    out = []
    for r in case["reports"]:
        out += [r.tracking_code, r.name_masked, r.phone_masked]
    return out + [NAME, PHONE, EMAIL, NAME2, PHONE2, EMAIL2, "PhoneCo"]


def leaks(body: bytes, secrets: list[str]) -> list[str]:
    text = body.decode("utf-8", "replace")
    return [s for s in secrets if s in text or s.encode() in body]


def xlsx_text(content: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(content)) as z:
        return b"".join(z.read(name) for name in z.namelist())


def links(html: str, base: str) -> list[str]:
    out = []
    for raw in re.findall(r'(?:href|src|hx-get|action)="([^"#]+)', html):
        url = urljoin(base, unescape(raw))
        parts = urlsplit(url)
        if parts.scheme or parts.netloc or not parts.path.startswith("/"):
            continue
        if parts.path.startswith(SKIP):
            continue
        out.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return out


def crawl(client, starts: list[str]) -> dict[str, int]:
    """Every page (and file) reachable by GET from `starts`: {url: status}."""
    seen: dict[str, int] = {}
    queue = deque(starts)
    while queue and len(seen) < MAX_PAGES:
        url = queue.popleft()
        if url in seen:
            continue
        response = client.get(url)
        seen[url] = response.status_code
        body = b"".join(response) if response.streaming else response.content
        yield url, response, body
        kind = response.get("Content-Type", "")
        if response.status_code == 200 and kind.startswith("text/html"):
            queue.extend(u for u in links(body.decode("utf-8", "replace"), url) if u not in seen)


@pytest.mark.parametrize("who", OUTSIDERS)
def test_no_page_a_user_can_reach_shows_a_reporter(client, case, staff, who):
    client.force_login(staff[who])
    problem = case["problem"]
    starts = [
        "/",
        reverse("ledger:queue"),
        reverse("ledger:list"),
        reverse("ledger:detail", args=[problem.pk]),
        reverse("ledger:detail", args=[case["duplicate"].pk]),
        reverse("notifications:inbox"),
        reverse("ledger:export") + "?new=1",
    ]
    secrets = secrets_of(case)
    visited, found = [], {}
    for url, response, body in crawl(client, starts):
        visited.append(url)
        assert response.status_code < 500, url
        bad = leaks(body, secrets)
        if bad:
            found[url] = bad
    assert found == {}
    # The crawl really went through the pages that matter (and the photo).
    detail = reverse("ledger:detail", args=[problem.pk])
    assert detail in visited and reverse("ledger:list") in visited
    photo = StoredFile.objects.get(
        owner_type=ContentType.objects.get_for_model(Problem), owner_id=problem.pk
    )
    assert reverse("files:serve", args=[photo.pk]) in visited
    assert len(visited) > 15


@pytest.mark.parametrize("who", OUTSIDERS)
def test_the_problem_page_says_only_that_the_public_reported_it(client, case, staff, who):
    client.force_login(staff[who])
    client.cookies["django_language"] = "en"
    html = client.get(reverse("ledger:detail", args=[case["problem"].pk])).content.decode()
    assert "Reported by the public · reported 2 times" in html


@pytest.mark.parametrize("who", OUTSIDERS)
def test_no_api_answer_carries_a_reporter(client, case, staff, who):
    client.force_login(staff[who])
    problem, duplicate = case["problem"], case["duplicate"]
    secrets = secrets_of(case)
    ids = {"problem_id": problem.pk, "id": problem.pk, "pk": problem.pk}
    asked = []
    # Every GET of the whole API, read from its published schema (the API is wired above the
    # apps: public reporting does not import it).
    for path, methods in client.get("/api/v1/openapi.json").json()["paths"].items():
        if "get" not in methods:
            continue
        names = re.findall(r"{(\w+)}", path)
        if any(n not in ids for n in names):
            continue
        url = path
        for n in names:
            url = url.replace("{" + n + "}", str(ids[n]))
        response = client.get(url)
        assert response.status_code < 500, url
        assert leaks(response.content, secrets) == [], url
        asked.append(url)
    base = "/api/v1/ledger/problems"
    assert base in asked and f"{base}/{problem.pk}" in asked
    body = client.get(f"{base}/{problem.pk}").json()
    assert body["report_count"] == 2 and body["source"] == "public"
    dup = client.get(f"{base}/{duplicate.pk}")
    assert dup.status_code in (200, 404) and leaks(dup.content, secrets) == []


def test_the_ledger_schemas_have_no_field_for_a_reporter():
    from ninja import Schema

    from zhengzhi.ledger import schemas

    words = ("phone", "email", "mail", "reporter", "tracking", "citizen", "contact", "_enc")
    for value in vars(schemas).values():
        if isinstance(value, type) and issubclass(value, Schema) and value is not Schema:
            for field in value.model_fields:
                assert not any(w in field.lower() for w in words), (value.__name__, field)


@pytest.mark.parametrize("who", OUTSIDERS)
def test_no_export_carries_a_reporter(client, case, staff, who):
    client.force_login(staff[who])
    response = client.post(reverse("ledger:export"), {})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = xlsx_text(response.content)
    assert case["problem"].number.encode() in sheet  # the problem is in it
    assert leaks(sheet, secrets_of(case)) == []


@pytest.mark.parametrize("who", OUTSIDERS)
def test_the_office_only_addresses_do_not_exist_for_them(client, case, staff, who):
    client.force_login(staff[who])
    for report in case["reports"]:
        response = client.post(
            reverse("public_office:reveal", args=[report.pk]), {"reason": "想知道是谁"}
        )
        assert response.status_code == 404
        assert leaks(response.content, secrets_of(case)) == []
    assert client.get(reverse("audit:event_list")).status_code == 404


def test_the_office_does_see_them_so_the_checks_above_can_fail(client, case, staff):
    client.force_login(staff["dispatcher"])
    html = client.get(reverse("ledger:detail", args=[case["problem"].pk])).content
    assert leaks(html, secrets_of(case)) != []


# ---- photos --------------------------------------------------------------------------------


def test_a_reporters_photo_loses_its_exif_data_before_it_is_stored(client, case, staff):
    data = phone_jpeg()
    with Image.open(io.BytesIO(data)) as original:  # the phone's photo holds its position
        assert original.getexif().get_ifd(ExifTags.IFD.GPSInfo)
    photo = StoredFile.objects.get(
        owner_type=ContentType.objects.get_for_model(Problem), owner_id=case["problem"].pk
    )
    assert photo.uploaded_by is None and photo.purpose == "before"
    for relative in (photo.path, photo.thumb_path):
        raw = (settings.MEDIA_ROOT / relative).read_bytes()
        for mark in (b"Exif", b"PhoneCo", b"HomeAddress", b"secret comment", b"xmpmeta"):
            assert mark not in raw
        with Image.open(io.BytesIO(raw)) as im:
            assert len(im.getexif()) == 0 and not {"exif", "xmp", "comment"} & set(im.info)
    # And what the unit downloads is that cleaned file.
    client.force_login(staff["handler"])
    response = client.get(reverse("files:serve", args=[photo.pk]))
    served = b"".join(response) if response.streaming else response.content
    assert response.status_code == 200 and b"Exif" not in served and b"PhoneCo" not in served


@pytest.mark.parametrize("who", [None, "handler"])
def test_the_public_endpoints_carry_no_reporter_and_no_tracking_code(client, case, staff, who):
    """The public map is for anyone: it must not give away who reported, nor a report's
    tracking code (with which one could rate in the citizen's name). Open311's GET requests
    have the same test in the open311 app."""
    if who:
        client.force_login(staff[who])
    urls = ["/report", "/report/map", "/report/map/problems.json"]
    secrets = secrets_of(case)
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert leaks(response.content, secrets) == [], url


def test_a_photos_file_name_does_not_carry_the_reporter_to_the_unit(client, public_report, staff):
    """A phone may name a photo after its owner ("欧阳秘密家门口.jpg"): the unit sees the photo,
    never that name (not as its alt text, its download name or anywhere on the page)."""
    report, _ = public_report(
        name=NAME, photos=[upload(f"{NAME}家门口.jpg", phone_jpeg(), "image/jpeg")]
    )
    photo = StoredFile.objects.get(
        owner_type=ContentType.objects.get_for_model(Problem), owner_id=report.problem_id
    )
    client.force_login(staff["handler"])
    page = client.get(reverse("ledger:detail", args=[report.problem_id]))
    assert reverse("files:thumb", args=[photo.pk]) in page.content.decode()
    served = client.get(reverse("files:serve", args=[photo.pk]))
    assert served.status_code == 200
    api = client.get(f"/api/v1/ledger/problems/{report.problem_id}")
    for response in (page, served, api):
        headers = " ".join(f"{k}: {v}" for k, v in response.items())
        body = b"".join(response) if response.streaming else response.content
        assert NAME not in unquote(headers) and leaks(body, [NAME]) == []
