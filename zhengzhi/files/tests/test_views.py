import uuid

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from zhengzhi.files.models import StoredFile
from zhengzhi.files.scope import register_access_check, unregister_access_check
from zhengzhi.files.services import attach_files
from zhengzhi.files.tests.samples import image_bytes, upload

pytestmark = pytest.mark.django_db


def _body(response):
    return b"".join(response.streaming_content)


def test_the_uploader_and_units_above_see_the_photo(client, people, c1_photo):
    on_disk = (settings.MEDIA_ROOT / c1_photo.path).read_bytes()
    for who in ("handler", "street_leader", "admin", "dispatcher", "leader"):
        client.force_login(people[who])
        response = client.get(reverse("files:serve", args=[c1_photo.pk]))
        assert response.status_code == 200, who
        assert _body(response) == on_disk
    assert response["Content-Type"] == "image/jpeg"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"].startswith("private")
    assert response["Content-Disposition"].startswith("inline")
    assert (
        "filename*=utf-8''%E9%97%A8%E5%89%8D%E5%A0%86%E7%89%A9.jpg"
        in response["Content-Disposition"]
    )
    thumb = client.get(reverse("files:thumb", args=[c1_photo.pk]))
    assert thumb.status_code == 200 and thumb["Content-Type"] == "image/jpeg"
    assert _body(thumb) == (settings.MEDIA_ROOT / c1_photo.thumb_path).read_bytes()


def test_another_unit_cannot_see_the_photo(client, people, c1_photo, c1_document):
    for who in ("other_handler", "dept_handler"):
        client.force_login(people[who])
        for name in ("files:serve", "files:thumb"):
            assert client.get(reverse(name, args=[c1_photo.pk])).status_code == 404
        assert client.get(reverse("files:serve", args=[c1_document.pk])).status_code == 404


def test_anonymous_users_are_sent_to_login(client, c1_photo):
    response = client.get(reverse("files:serve", args=[c1_photo.pk]))
    assert response.status_code == 302 and "/accounts/login/" in response.url
    assert client.get(reverse("files:thumb", args=[c1_photo.pk])).status_code == 302


def test_documents_download_as_attachments(client, people, c1_document):
    client.force_login(people["handler"])
    response = client.get(reverse("files:serve", args=[c1_document.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert client.get(reverse("files:thumb", args=[c1_document.pk])).status_code == 404


def test_unknown_or_missing_files_are_not_found(client, people, c1_photo):
    client.force_login(people["admin"])
    assert client.get(reverse("files:serve", args=[uuid.uuid4()])).status_code == 404
    (settings.MEDIA_ROOT / c1_photo.path).unlink()
    assert client.get(reverse("files:serve", args=[c1_photo.pk])).status_code == 404


def test_files_are_never_under_a_public_url(client, people, c1_photo):
    client.force_login(people["admin"])
    for prefix in ("/media/", "/static/", "/"):
        assert client.get(f"{prefix}{c1_photo.path}").status_code == 404


def test_an_owner_app_can_add_a_stricter_rule(client, people, units, c1_photo):
    attach_files([c1_photo.pk], units["c1"], user=people["handler"])
    url = reverse("files:serve", args=[c1_photo.pk])
    register_access_check("org.unit", lambda user, f: user.has_role("office_admin"))
    try:
        client.force_login(people["handler"])
        assert client.get(url).status_code == 404
        client.force_login(people["admin"])
        assert client.get(url).status_code == 200
        # A rule that replaces the unit rule can let another unit in (a supporting department).
        register_access_check(
            "org.unit", lambda user, f: user.unit_id == units["dept"].pk, replaces_unit_rule=True
        )
        client.force_login(people["dept_handler"])
        assert client.get(url).status_code == 200
        client.force_login(people["handler"])
        assert client.get(url).status_code == 404
    finally:
        unregister_access_check("org.unit")
    assert client.get(url).status_code == 200


def test_the_upload_page_stores_a_photo_in_my_unit(client, people, units):
    client.force_login(people["handler"])
    assert client.get(reverse("files:upload")).status_code == 200
    response = client.post(reverse("files:upload"), {"file": upload("p.jpg", image_bytes())})
    assert response.status_code == 302
    stored = StoredFile.objects.get()
    assert stored.unit == units["c1"] and stored.uploaded_by == people["handler"]
    page = client.get(reverse("files:upload"))
    assert reverse("files:thumb", args=[stored.pk]) in page.content.decode()


def test_the_upload_page_explains_a_refusal(client, people):
    client.force_login(people["handler"])
    client.cookies["django_language"] = "en"
    response = client.post(
        reverse("files:upload"), {"file": upload("fake.jpg", b"plain text, not a photo" * 10)}
    )
    assert response.status_code == 200
    assert "neither a photo" in response.content.decode()
    assert not StoredFile.objects.exists()


def test_the_upload_page_refuses_another_units_unit(client, people, units):
    client.force_login(people["handler"])
    response = client.post(
        reverse("files:upload"),
        {"file": upload("p.jpg", image_bytes()), "unit": units["other_street"].pk},
    )
    assert response.status_code == 200 and response.context["form"].errors["unit"]
    assert not StoredFile.objects.exists()
    client.force_login(people["street_leader"])
    response = client.post(
        reverse("files:upload"), {"file": upload("p.jpg", image_bytes()), "unit": units["c2"].pk}
    )
    assert response.status_code == 302 and StoredFile.objects.get().unit == units["c2"]


def test_the_upload_page_lists_only_what_i_may_see(client, people):
    client.force_login(people["handler"])
    for _i in range(3):
        client.post(reverse("files:upload"), {"file": upload("p.jpg", image_bytes())})
    with CaptureQueriesContext(connection) as few_queries:
        few = client.get(reverse("files:upload"))
    for _i in range(12):
        client.post(reverse("files:upload"), {"file": upload("p.jpg", image_bytes())})
    with CaptureQueriesContext(connection) as many_queries:
        many = client.get(reverse("files:upload"))
    assert len(few.context["recent"]) == 3 and len(many.context["recent"]) == 15
    assert len(many_queries) == len(few_queries) <= 12
    client.force_login(people["other_handler"])
    assert len(client.get(reverse("files:upload")).context["recent"]) == 0
