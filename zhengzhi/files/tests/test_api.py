import pytest

from zhengzhi.conftest import make_user
from zhengzhi.files.models import StoredFile
from zhengzhi.files.tests.samples import image_bytes, office, phone_jpeg, upload

pytestmark = pytest.mark.django_db

API = "/api/v1/files/"


def _post(client, data, **fields):
    client.cookies["django_language"] = "en"  # messages are asserted in English
    return client.post(API, {"file": data, **fields})


def test_a_photo_upload_answers_with_its_urls(client, people, units):
    client.force_login(people["handler"])
    response = _post(client, upload("现场.jpg", phone_jpeg()))
    assert response.status_code == 201
    body = response.json()
    stored = StoredFile.objects.get()
    assert body["id"] == str(stored.pk) and body["unit_id"] == units["c1"].pk
    assert (
        body["url"] == f"/files/{stored.pk}/" and body["thumb_url"] == f"/files/{stored.pk}/thumb/"
    )
    assert (body["width"], body["height"]) == (100, 200)
    assert client.get(body["url"]).status_code == 200
    assert client.get(f"{API}{stored.pk}").json()["sha256"] == stored.sha256


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (upload("a.jpg", b"hello, I am text" * 20), "not a photo"),
        (upload("a.jpg", image_bytes(size=(800, 600))[:1200]), "damaged"),
        (upload("a.pdf", b"%PDF-1.4\n%%EOF"), "Only photos"),
        (upload("a.jpg", b""), "empty"),
    ],
)
def test_bad_uploads_answer_400_with_the_reason(client, people, data, reason):
    client.force_login(people["handler"])
    response = _post(client, data)
    assert response.status_code == 400
    assert reason in response.json()["detail"][0]
    assert not StoredFile.objects.exists()


def test_too_large_uploads_answer_400(client, people, settings):
    settings.UPLOAD_MAX_BYTES = 500
    client.force_login(people["handler"])
    response = _post(client, upload("a.jpg", image_bytes(size=(300, 300))))
    assert response.status_code == 400 and "too large" in response.json()["detail"][0]


def test_documents_when_asked_for(client, people):
    client.force_login(people["handler"])
    response = _post(client, upload("表.xlsx", office("xlsx")), documents="true")
    assert response.status_code == 201 and response.json()["thumb_url"] is None
    assert response.json()["kind"] == "document"


def test_another_units_unit_or_file_is_not_found(client, people, units, c1_photo):
    client.force_login(people["other_handler"])
    response = _post(client, upload("a.jpg", image_bytes()), unit_id=units["c1"].pk)
    assert response.status_code == 404
    assert client.get(f"{API}{c1_photo.pk}").status_code == 404
    assert StoredFile.objects.count() == 1


def test_a_unit_below_mine_may_be_chosen(client, people, units):
    client.force_login(people["street_leader"])
    response = _post(client, upload("a.jpg", image_bytes()), unit_id=units["c2"].pk)
    assert response.status_code == 201 and response.json()["unit_id"] == units["c2"].pk


def test_read_only_leaders_and_unitless_users_cannot_upload(client, people):
    client.force_login(people["leader"])
    assert _post(client, upload("a.jpg", image_bytes())).status_code == 403
    client.force_login(make_user("loose", None))
    assert _post(client, upload("a.jpg", image_bytes())).status_code == 403
    assert not StoredFile.objects.exists()


def test_the_api_needs_a_file_and_a_user(client, people):
    assert client.post(API, {}).status_code == 401
    client.force_login(people["handler"])
    assert client.post(API, {}).status_code in (400, 422)


def test_an_upload_to_a_deactivated_unit_is_refused(client, people, units):
    from zhengzhi.org.models import Unit

    Unit.objects.filter(pk=units["c2"].pk).update(is_active=False)
    client.force_login(people["admin"])
    response = _post(client, upload("现场.jpg", phone_jpeg()), unit_id=units["c2"].pk)
    assert response.status_code == 404
    assert not StoredFile.objects.exists()
    response = _post(client, upload("现场.jpg", phone_jpeg()), unit_id=units["c1"].pk)
    assert response.status_code == 201


def test_a_unit_id_past_the_database_range_is_refused(client, people):
    client.force_login(people["admin"])
    response = _post(client, upload("现场.jpg", phone_jpeg()), unit_id="99999999999999999999")
    assert response.status_code == 422
    assert not StoredFile.objects.exists()
