"""What a county office found on the citizen's pages: our own words for every refusal, a file
that is not a photo named in the refusal, and the tracking page with the citizen's own photo and
a map of the place."""

import pytest
from django.core.cache import caches

from zhengzhi.files.models import StoredFile
from zhengzhi.files.tests.samples import upload
from zhengzhi.public.forms import RatingForm, ReportForm
from zhengzhi.public.models import PublicReport
from zhengzhi.public.tests.conftest import INSIDE

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_counters(db):
    caches["ratelimit"].clear()


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
        "client_token": "f" + "0" * 31,
        "homepage": "",
    }
    data.update(kw)
    return data


# Django's own texts, as a citizen saw them in Chinese, and their English originals.
STOCK = ("确保该变量", "这个字段是必填项", "This field is required", "Ensure this value")


@pytest.mark.parametrize(
    "change, field, expected",
    [
        ({"description": "长" * 2001}, "description", "问题描述最多 2000 个字，现在有 2001 个字。"),
        ({"description": ""}, "description", "请描述问题。"),
        ({"category": ""}, "category", "请选择问题类型。"),
        ({"category": "nope"}, "category", "请从列出的问题类型中选择一项。"),
        ({"address": "路" * 201}, "address", "地址最多 200 个字，现在有 201 个字。"),
        ({"name": "名" * 41}, "name", "姓名最多 40 个字，现在有 41 个字。"),
        ({"phone": "1" * 31}, "phone", "电话号码最多 30 个字符，现在有 31 个。"),
        ({"phone": "打我电话"}, "phone", "手机号只能是数字，例如 13812345678。"),
    ],
)
def test_every_refusal_on_the_report_form_is_in_our_own_plain_chinese(
    client, categories, grids, change, field, expected
):
    response = client.post("/report", _form(**change))
    page = response.content.decode()
    assert response.status_code == 400 and expected in page
    assert not any(text in page for text in STOCK)
    assert not PublicReport.objects.exists()
    form = ReportForm(_form(**change))
    assert not form.is_valid() and field in form.errors


def test_the_rating_form_speaks_plainly_too(client):
    client.cookies.load({"django_language": "zh-hans"})
    form = RatingForm({"rating": "", "comment": "评" * 1001})
    assert not form.is_valid()
    assert form.errors["rating"] == ["请选择一个答案。"]
    assert form.errors["comment"] == ["留言最多 1000 个字，现在有 1001 个字。"]


def test_a_file_named_jpg_that_is_no_photo_is_refused_by_its_name(client, categories, grids):
    client.cookies.load({"django_language": "en"})
    fake = upload("门口.jpg", b"this is a text file, not a photo", "image/jpeg")
    response = client.post("/report", _form(photos=[fake]))
    page = response.content.decode()
    assert response.status_code == 400
    assert "Photo 1 (门口.jpg): This is not a photo in JPEG, PNG or WebP format." in page
    assert not PublicReport.objects.exists() and not StoredFile.objects.exists()


def test_the_tracking_page_shows_the_citizens_own_photo_and_a_map(client, public_report, photo):
    report, _ = public_report(photos=[photo()])
    mine = StoredFile.objects.get(owner_id=report.problem_id)
    page = client.get(f"/track/{report.tracking_code}").content.decode()
    assert f'src="/track/{report.tracking_code}/photos/{mine.pk}/thumb"' in page
    assert 'id="track-map"' in page and 'id="track-map-config"' in page
    assert "public/track-map.js" in page and '"point": [120.005, 30.005]' in page
    assert client.get(f"/track/{report.tracking_code}/photos/{mine.pk}/thumb").status_code == 200


def test_a_report_with_an_address_only_has_no_map(client, public_report):
    report, _ = public_report(point=(None, None))
    page = client.get(f"/track/{report.tracking_code}").content.decode()
    assert 'id="track-map"' not in page and "track-map.js" not in page


def _kept_field(page: str) -> str:
    import re

    found = re.search(r'name="kept_photos" value="([^"]+)"', page)
    return found.group(1) if found else ""


def test_without_javascript_a_photo_survives_a_refusal_and_goes_with_the_retry(
    client, categories, grids, photo
):
    refused = client.post("/report", _form(description="", photos=[photo("张三家门口.jpg")]))
    page = refused.content.decode()
    assert refused.status_code == 400 and "请描述问题。" in page
    assert 'id="kept-photos"' in page and "您发的 1 张照片已保留" in page
    kept = StoredFile.objects.get()
    # Kept without a unit or an owner, and without the reporter's file name.
    assert kept.owner_id is None and kept.unit_id is None and kept.original_name == "photo-1.jpg"
    signed = _kept_field(page)
    # Another form's token, or an altered value, keeps nothing.
    other = client.post("/report", _form(client_token="e" * 32, kept_photos=signed))
    assert other.status_code == 302
    assert not StoredFile.objects.filter(owner_id__isnull=False).exists()
    response = client.post("/report", _form(kept_photos=signed))
    assert response.status_code == 302
    report = PublicReport.objects.get(client_token="f" + "0" * 31)
    kept.refresh_from_db()
    assert kept.owner_id == report.problem_id and kept.purpose == "before"
    assert kept.unit_id == report.problem.owner_unit_id


def test_a_bad_photo_is_named_and_the_good_one_kept_without_javascript(
    client, categories, grids, photo
):
    client.cookies.load({"django_language": "en"})
    fake = upload("门口.jpg", b"not a photo", "image/jpeg")
    refused = client.post("/report", _form(description="", photos=[photo(), fake]))
    page = refused.content.decode()
    assert "(门口.jpg): This is not a photo" in page
    assert StoredFile.objects.count() == 1 and _kept_field(page)
