import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from zhengzhi.files.services import store_upload
from zhengzhi.ledger.services import moves

pytestmark = pytest.mark.django_db


def _photo(user):
    buf = io.BytesIO()
    Image.new("RGB", (64, 48), "red").save(buf, "JPEG")
    upload = SimpleUploadedFile("p.jpg", buf.getvalue(), content_type="image/jpeg")
    return store_upload(upload, user=user, unit=user.unit)


def test_a_problems_photos_follow_the_problem_not_the_uploaders_unit(client, new_problem, staff):
    # Recorded by the department's handler in the community's grid, then dispatched there.
    photo = _photo(staff["dept_handler"])
    p = new_problem(by="dept_handler", photo_ids=[photo.pk])
    moves.register(p.pk, actor=staff["dispatcher"])
    moves.dispatch(p.pk, actor=staff["dispatcher"])
    url = reverse("files:thumb", args=[photo.pk])
    for who, status in [
        ("handler", 200),
        ("dept_handler", 200),
        ("dispatcher", 200),
        ("c2_handler", 404),
        ("other_handler", 404),
    ]:
        client.force_login(staff[who])
        assert client.get(url).status_code == status, who
