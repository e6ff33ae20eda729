"""POST requests: the form FixMyStreet's Open311 client sends (form-encoded, to requests.xml),
JSON answers, multipart photos, attributes, keys, rate limits, and bad input that writes nothing."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from zhengzhi.audit.models import AuditEvent
from zhengzhi.files.models import StoredFile
from zhengzhi.files.services import media_root
from zhengzhi.files.tests.samples import phone_jpeg
from zhengzhi.ledger.models import Problem, Source, Status
from zhengzhi.open311.services.keys import revoke_key
from zhengzhi.open311.tests.conftest import INSIDE, OUTSIDE, errors_of, parse
from zhengzhi.public import crypto
from zhengzhi.public.models import Channel, PublicReport

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _district(grids):
    return grids


def fms_form(key, **over):
    """What perllib/Open311.pm's _populate_service_request_params and _request put in the POST."""
    form = {
        "jurisdiction_id": "qc.gov.cn",
        "api_key": key.raw,
        "service_code": "0101",
        "description": "title: 垃圾堆积\n\ndetail: 小区门口垃圾堆了三天\n\nurl: https://fms.example/report/12\n\nSubmitted via FixMyStreet\n",
        "first_name": "张三",
        "last_name": "",
        "email": "zhangsan@example.com",
        "phone": "13812341234",
        "lat": str(INSIDE[1]),
        "long": str(INSIDE[0]),
        "media_url": "https://fms.example/photo/12.0.full.jpeg",
        "attribute[amount]": "cart",
        "attribute[smell]": "no",
    }
    form.update(over)
    return {k: v for k, v in form.items() if v is not None}


def test_fixmystreet_form_post_to_requests_xml(en, questions, api_key):
    response = en.post("/open311/v2/requests.xml", fms_form(api_key))
    assert response.status_code == 200, response.content.decode()
    root = parse(response)
    assert root.tag == "service_requests"
    [request] = root.findall("request")
    number = request.findtext("service_request_id")
    token = request.findtext("token")
    assert request.find("account_id") is not None and request.findtext("account_id") == ""
    assert token in request.findtext("service_notice")

    problem = Problem.objects.get(number=number)
    assert problem.source == Source.PUBLIC and problem.status == Status.REPORTED
    assert problem.category.code == "0101"
    assert problem.reported_by is None
    assert problem.grid is not None  # routed by the point
    report = PublicReport.objects.get(problem=problem)
    assert report.tracking_code == token
    assert report.channel == Channel.OPEN311
    assert report.api_client == "FixMyStreet 青川"
    assert report.attributes == {"amount": "cart", "smell": "no"}
    assert report.media_urls == ["https://fms.example/photo/12.0.full.jpeg"]
    assert crypto.decrypt(report.name_enc) == "张三"
    assert crypto.decrypt(report.phone_enc) == "13812341234"
    assert crypto.decrypt(report.email_enc) == "zhangsan@example.com"
    assert "13812341234" not in report.phone_masked
    assert AuditEvent.objects.filter(action="public.report", object_id=str(report.pk)).exists()


def test_json_answer_and_western_and_split_chinese_names(en, questions, api_key):
    response = en.post(
        "/open311/v2/requests.json",
        fms_form(api_key, first_name="John", last_name="Smith", phone=None, email=None),
    )
    assert response.status_code == 200
    [answer] = response.json()
    assert set(answer) == {"service_request_id", "token", "service_notice", "account_id"}
    assert answer["account_id"] is None
    report = PublicReport.objects.get(tracking_code=answer["token"])
    assert crypto.decrypt(report.name_enc) == "John Smith"
    assert report.has_contact is False
    answer = en.post(
        "/open311/v2/requests.json", fms_form(api_key, first_name="三", last_name="张")
    ).json()[0]
    report = PublicReport.objects.get(tracking_code=answer["token"])
    assert crypto.decrypt(report.name_enc) == "张三"


def test_the_answer_is_readable_the_way_fixmystreet_reads_it(en, questions, api_key):
    """Open311.pm reads $obj->{request}->[0]->{service_request_id}, else the token and then
    GET tokens/<token>.xml; errors as <errors><error><code/><description/>."""
    root = parse(en.post("/open311/v2/requests.xml", fms_form(api_key)))
    number = root.find("request").findtext("service_request_id")
    token = root.find("request").findtext("token")
    again = parse(en.get(f"/open311/v2/tokens/{token}.xml", {"jurisdiction_id": "qc.gov.cn"}))
    assert again.find("request").findtext("service_request_id") == number
    assert again.find("request").findtext("token") == token


def test_multipart_media_is_stored_without_exif(en, questions, api_key):
    photo = SimpleUploadedFile("现场.jpg", phone_jpeg(), content_type="image/jpeg")
    response = en.post("/open311/v2/requests.json", {**fms_form(api_key), "media": photo})
    assert response.status_code == 200, response.content.decode()
    report = PublicReport.objects.get(tracking_code=response.json()[0]["token"])
    [stored] = StoredFile.objects.filter(owner_id=report.problem_id)
    with Image.open(io.BytesIO((media_root() / stored.path).read_bytes())) as im:
        exif = im.getexif()
        assert not exif.get_ifd(0x8825)  # no GPS
        assert 0x010F not in exif  # no camera make


def test_repeated_media_url_and_multivaluelist_attributes(en, questions, api_key):
    data = fms_form(
        api_key, service_code="0401", **{"attribute[amount]": None, "attribute[smell]": None}
    )
    data["media_url"] = ["https://a.example/1.jpg", "https://a.example/2.jpg"]
    data["attribute[blocks][]"] = ["sidewalk", "blind_path"]
    data["attribute[hours]"] = "每天傍晚"
    data["attribute[fms_extra_title]"] = "something FixMyStreet sends along"
    response = en.post("/open311/v2/requests.json", data)
    assert response.status_code == 200, response.content.decode()
    report = PublicReport.objects.get(tracking_code=response.json()[0]["token"])
    assert report.media_urls == ["https://a.example/1.jpg", "https://a.example/2.jpg"]
    assert report.attributes == {"blocks": ["sidewalk", "blind_path"], "hours": "每天傍晚"}


def test_number_datetime_and_choice_by_name(en, questions, api_key):
    data = fms_form(
        api_key, service_code="1201", **{"attribute[amount]": None, "attribute[smell]": None}
    )
    data.update(
        {
            "attribute[size_m]": "2.5",
            "attribute[since]": "2026-05-01T08:30:00+08:00",
            "attribute[traffic]": "部分影响",
        }
    )
    response = en.post("/open311/v2/requests.json", data)
    assert response.status_code == 200, response.content.decode()
    report = PublicReport.objects.get(tracking_code=response.json()[0]["token"])
    assert report.attributes["traffic"] == "partly"
    assert float(report.attributes["size_m"]) == 2.5
    assert report.attributes["since"].startswith("2026-05-01T08:30:00")


def test_no_description_gets_one_from_the_service_and_answers(en, questions, api_key):
    response = en.post("/open311/v2/requests.json", fms_form(api_key, description=None))
    assert response.status_code == 200
    problem = Problem.objects.get(number=response.json()[0]["service_request_id"])
    assert problem.description.startswith("暴露垃圾")
    assert "一推车左右" in problem.description


def test_an_address_instead_of_a_point(en, questions, api_key):
    response = en.post(
        "/open311/v2/requests.json",
        fms_form(api_key, lat=None, long=None, address_string="青川区柳岸路8号"),
    )
    assert response.status_code == 200
    problem = Problem.objects.get(number=response.json()[0]["service_request_id"])
    assert problem.address == "青川区柳岸路8号" and problem.lon is None


def test_an_idempotency_key_makes_a_retried_post_one_request(en, questions, api_key):
    first = en.post("/open311/v2/requests.json", fms_form(api_key), HTTP_IDEMPOTENCY_KEY="fms-12")
    second = en.post("/open311/v2/requests.json", fms_form(api_key), HTTP_IDEMPOTENCY_KEY="fms-12")
    assert first.json() == second.json()
    assert Problem.objects.count() == 1
    en.post("/open311/v2/requests.json", fms_form(api_key), HTTP_IDEMPOTENCY_KEY="fms-13")
    assert Problem.objects.count() == 2


# --- keys and limits ------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["xml", "json"])
def test_no_key_or_a_wrong_key_is_403(en, questions, api_key, fmt):
    for key in (None, "", "o311_wrong"):
        response = en.post(f"/open311/v2/requests.{fmt}", fms_form(api_key, api_key=key))
        assert response.status_code == 403
        [(code, description)] = errors_of(response)
        assert code == 403 and "api_key" in description
    assert not Problem.objects.exists()


def test_a_revoked_key_is_refused_at_once(en, questions, api_key, people):
    assert en.post("/open311/v2/requests.xml", fms_form(api_key)).status_code == 200
    revoke_key(api_key.pk, actor=people["admin"])
    response = en.post("/open311/v2/requests.xml", fms_form(api_key))
    assert response.status_code == 403
    assert Problem.objects.count() == 1


def test_the_key_may_come_in_the_query_string(en, questions, api_key):
    url = f"/open311/v2/requests.json?api_key={api_key.raw}"
    assert en.post(url, fms_form(api_key, api_key=None)).status_code == 200


def test_rate_limit_per_address_answers_429_in_the_format(en, questions, api_key, settings):
    settings.OPEN311_RATE = "2/h"
    codes = [
        en.post(
            "/open311/v2/requests.json", fms_form(api_key), REMOTE_ADDR="198.51.100.1"
        ).status_code
        for _ in range(3)
    ]
    assert codes == [200, 200, 429]
    response = en.post("/open311/v2/requests.xml", fms_form(api_key), REMOTE_ADDR="198.51.100.1")
    assert response.status_code == 429
    assert errors_of(response)[0][0] == 429
    assert int(response["Retry-After"]) > 0
    other = en.post("/open311/v2/requests.json", fms_form(api_key), REMOTE_ADDR="198.51.100.2")
    assert other.status_code == 200
    assert Problem.objects.count() == 3


def test_without_an_open311_rate_the_public_rate_applies(en, questions, api_key, settings):
    del settings.OPEN311_RATE
    settings.PUBLIC_RATE = "1/h"
    assert en.post("/open311/v2/requests.json", fms_form(api_key)).status_code == 200
    assert en.post("/open311/v2/requests.json", fms_form(api_key)).status_code == 429


# --- bad input --------------------------------------------------------------------------------------


BAD = [
    ({"service_code": None}, 400, "service_code"),
    ({"service_code": "9999"}, 404, "service_code"),
    ({"service_code": "0203"}, 404, "service_code"),  # not open to the public
    ({"lat": None, "long": None}, 400, "location"),
    ({"long": None}, 400, "lat and long"),
    ({"lat": "abc"}, 400, "position"),
    ({"lat": "95", "long": "120"}, 400, "position"),
    ({"lat": str(OUTSIDE[1]), "long": str(OUTSIDE[0])}, 400, "outside the area"),
    ({"attribute[amount]": None}, 400, "attribute[amount]"),
    ({"attribute[amount]": "mountain"}, 400, "not one of the choices"),
    ({"email": "not-an-address"}, 400, "e-mail"),
    ({"phone": "call me"}, 400, "phone"),
    ({"description": "x" * 5000}, 400, "too long"),
    ({"media_url": "file:///etc/passwd"}, 400, "http"),
    ({"description": "a\x00b"}, 400, "NUL"),
]


@pytest.mark.parametrize("over,status,words", BAD)
@pytest.mark.parametrize("fmt", ["xml", "json"])
def test_bad_input_is_an_error_list_and_writes_nothing(
    en, questions, api_key, over, status, words, fmt
):
    response = en.post(f"/open311/v2/requests.{fmt}", fms_form(api_key, **over))
    assert response.status_code == status, response.content.decode()
    [(code, description)] = errors_of(response)
    assert code == status
    assert words.lower() in description.lower(), description
    assert not Problem.objects.exists() and not PublicReport.objects.exists()


def test_bad_number_and_datetime_answers(en, questions, api_key):
    base = fms_form(
        api_key, service_code="1201", **{"attribute[amount]": None, "attribute[smell]": None}
    )
    for field, value in (
        ("size_m", "two"),
        ("size_m", "nan"),
        ("since", "yesterday"),
        ("since", "99999-01-01"),
    ):
        response = en.post(
            "/open311/v2/requests.json",
            {**base, "attribute[traffic]": "no", f"attribute[{field}]": value},
        )
        assert response.status_code == 400, (field, value)
        assert f"attribute[{field}]" in response.json()[0]["description"]
    assert not Problem.objects.exists()


def test_a_photo_that_is_not_one_is_refused(en, questions, api_key):
    fake = SimpleUploadedFile("a.jpg", b"MZ\x90\x00 not a photo", content_type="image/jpeg")
    response = en.post("/open311/v2/requests.json", {**fms_form(api_key), "media": fake})
    assert response.status_code == 400
    assert not Problem.objects.exists()
    assert not StoredFile.objects.exists()


def test_seven_photos_are_too_many(en, questions, api_key):
    photos = [
        SimpleUploadedFile(f"{i}.jpg", phone_jpeg(), content_type="image/jpeg") for i in range(7)
    ]
    response = en.post("/open311/v2/requests.json", {**fms_form(api_key), "media": photos})
    assert response.status_code == 400
    assert not Problem.objects.exists()


def test_a_body_that_cannot_be_read_is_400(en, questions, api_key):
    response = en.generic(
        "POST",
        f"/open311/v2/requests.json?api_key={api_key.raw}",
        b"--x\r\nbroken",
        content_type="multipart/form-data; boundary=",
    )
    assert response.status_code == 400
    [(code, description)] = errors_of(response)
    assert code == 400 and "cannot be read" in description


def test_a_body_too_large_is_413(en, questions, api_key, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = en.post("/open311/v2/requests.json", fms_form(api_key, description="长" * 2000))
    assert response.status_code == 413
    assert errors_of(response)[0][0] == 413
    assert not Problem.objects.exists()


def test_staff_see_the_answers_and_photo_links_but_units_no_identity(
    client, en, questions, api_key, staff
):
    """FixMyStreet sends photos as links and details as answers: both must reach the people who
    handle the problem (they are about the problem), the reporter's identity never the unit."""
    number = en.post("/open311/v2/requests.json", fms_form(api_key)).json()[0]["service_request_id"]
    problem = Problem.objects.get(number=number)
    for who in ("dispatcher", "handler"):
        client.force_login(staff[who])
        page = client.get(f"/ledger/problems/{problem.pk}/").content.decode()
        assert "https://fms.example/photo/12.0.full.jpeg" in page, who
        assert 'class="answers"' in page, who
        if who == "handler":
            assert "张" not in page.split('id="public-reports"')[1].split("</section>")[0]
            assert "13812341234" not in page and "138****1234" not in page
