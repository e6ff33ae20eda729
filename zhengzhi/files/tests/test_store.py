import hashlib
import io
import re

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from PIL import ExifTags, Image

from zhengzhi.audit.models import AuditEvent
from zhengzhi.files.models import FileKind, StoredFile
from zhengzhi.files.services import attach_files, clean_name, store_upload
from zhengzhi.files.tests.samples import (
    BLUE,
    RED,
    image_bytes,
    office,
    phone_jpeg,
    png_bomb,
    upload,
)

pytestmark = pytest.mark.django_db


def _open(relative):
    return Image.open(settings.MEDIA_ROOT / relative)


def _near(pixel, color):
    return all(abs(a - b) < 40 for a, b in zip(pixel, color, strict=True))


def _media_files():
    root = settings.MEDIA_ROOT
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def test_exif_gps_and_metadata_are_removed_and_orientation_applied(people, units):
    data = phone_jpeg(size=(200, 100), orientation=6)
    with Image.open(io.BytesIO(data)) as original:  # the sample really carries it all
        assert original.getexif().get_ifd(ExifTags.IFD.GPSInfo)[ExifTags.GPS.GPSLatitudeRef] == "N"
        assert original.size == (200, 100)
    assert b"PhoneCo" in data and b"HomeAddress" in data and b"secret comment" in data

    stored = store_upload(upload("IMG_0001.JPG", data), user=people["handler"], unit=units["c1"])

    for relative in (stored.path, stored.thumb_path):
        raw = (settings.MEDIA_ROOT / relative).read_bytes()
        for leak in (b"Exif", b"PhoneCo", b"HomeAddress", b"secret comment", b"xmpmeta"):
            assert leak not in raw
        with _open(relative) as im:
            assert len(im.getexif()) == 0
            assert not {"exif", "xmp", "comment"} & set(im.info)
            # Orientation 6 means "turn 90° clockwise": the red left half is now on top.
            assert im.height > im.width
            w, h = im.size
            assert _near(im.convert("RGB").getpixel((w // 2, h // 5)), RED)
            assert _near(im.convert("RGB").getpixel((w // 2, h * 4 // 5)), BLUE)
    assert (stored.width, stored.height) == (100, 200)
    assert stored.kind == FileKind.IMAGE and stored.content_type == "image/jpeg"
    assert stored.download_name == "IMG_0001.jpg"


def test_big_photos_are_scaled_down_with_a_thumbnail(people, units):
    stored = store_upload(
        upload("wide.jpg", image_bytes(size=(3000, 2000))), user=people["handler"], unit=units["c1"]
    )
    assert (stored.width, stored.height) == (2560, 1707)
    with _open(stored.path) as im:
        assert im.size == (2560, 1707) and im.format == "JPEG"
    with _open(stored.thumb_path) as im:
        assert im.size == (400, 267)
    # Random names in year/month folders; the hash is of the bytes on disk.
    assert re.fullmatch(rf"\d{{4}}/\d{{2}}/{stored.pk}\.jpg", stored.path)
    assert stored.thumb_path == stored.path.replace(".jpg", "_thumb.jpg")
    on_disk = (settings.MEDIA_ROOT / stored.path).read_bytes()
    assert stored.sha256 == hashlib.sha256(on_disk).hexdigest() and stored.size == len(on_disk)
    event = AuditEvent.objects.get(action="file.upload")
    assert event.object_id == str(stored.pk) and event.unit_id == units["c1"].pk
    assert event.actor == people["handler"]


def test_small_photos_keep_their_size_and_png_webp_are_accepted(people, units):
    small = store_upload(
        upload("a.jpg", image_bytes(size=(300, 200))), user=people["handler"], unit=units["c1"]
    )
    assert (small.width, small.height) == (300, 200)
    with _open(small.thumb_path) as im:
        assert im.size == (300, 200)
    png = store_upload(
        upload("shot.png", image_bytes("PNG", size=(50, 40), mode="RGBA", color=(0, 0, 0, 0))),
        user=people["handler"],
        unit=units["c1"],
    )
    with _open(png.path) as im:
        assert im.format == "JPEG" and _near(im.convert("RGB").getpixel((5, 5)), (255, 255, 255))
    assert png.download_name == "shot.jpg"
    webp = store_upload(
        upload("x.webp", image_bytes("WEBP")), user=people["handler"], unit=units["c1"]
    )
    assert webp.content_type == "image/jpeg"


@pytest.mark.parametrize(
    ("name", "data", "code"),
    [
        ("notes.jpg", "这不是照片，只是一段文字。".encode() * 20, "not_image"),
        ("truncated.jpg", image_bytes(size=(800, 600))[:1500], "damaged"),
        ("bomb.png", png_bomb(), "too_many_pixels"),
        ("huge.png", image_bytes("PNG", size=(6000, 5000), mode="L", color=0), "too_many_pixels"),
        ("anim.gif", image_bytes("GIF", mode="P", color=1), "not_image"),
        ("empty.jpg", b"", "empty"),
        ("report.pdf", b"%PDF-1.4\n%%EOF\n", "kind"),
    ],
)
def test_bad_photos_are_refused_and_nothing_is_kept(people, units, name, data, code):
    with pytest.raises(ValidationError) as caught:
        store_upload(upload(name, data), user=people["handler"], unit=units["c1"])
    assert caught.value.code == code
    assert str(caught.value.messages[0])
    assert not StoredFile.objects.exists()
    assert _media_files() == []


def test_files_over_the_size_limit_are_refused(people, units, settings):
    settings.UPLOAD_MAX_BYTES = 1000
    with pytest.raises(ValidationError) as caught:
        store_upload(
            upload("big.jpg", image_bytes(size=(400, 400))),
            user=people["handler"],
            unit=units["c1"],
        )
    assert caught.value.code == "too_large"
    assert "1000" in caught.value.messages[0] or "KB" in caught.value.messages[0]


def test_documents_are_checked_by_their_content(people, units):
    def store(name, data):
        return store_upload(
            upload(name, data),
            user=people["handler"],
            unit=units["c1"],
            allowed=("image", "document"),
        )

    pdf = store("方案.pdf", b"%PDF-1.7\n1 0 obj\n%%EOF\n")
    assert (pdf.kind, pdf.content_type, pdf.thumb_path) == ("document", "application/pdf", "")
    assert pdf.path.endswith(".pdf") and pdf.original_name == "方案.pdf"
    docx = store("report.docx", office("docx"))
    assert docx.path.endswith(".docx") and "wordprocessingml" in docx.content_type
    xlsx = store("ledger.bin", office("xlsx"))  # the name does not matter, the content does
    assert xlsx.path.endswith(".xlsx")
    photo = store("photo.jpg", image_bytes())
    assert photo.kind == "image"
    for name, data, code in [
        ("macro.docx", office("docx", macros=True), "macros"),
        ("archive.zip", b"PK\x03\x04not really a zip", "not_document"),
        ("notes.pdf", b"just text pretending", "not_accepted"),
    ]:
        with pytest.raises(ValidationError) as caught:
            store(name, data)
        assert caught.value.code == code
    assert StoredFile.objects.count() == 4
    with pytest.raises(ValidationError) as caught:
        store_upload(
            upload("a.jpg", image_bytes()),
            user=people["handler"],
            unit=units["c1"],
            allowed=("document",),
        )
    assert caught.value.code == "kind"


def test_uploads_only_to_units_the_user_may_write(people, units):
    photo = upload("a.jpg", image_bytes())
    with pytest.raises(PermissionDenied):
        store_upload(photo, user=people["handler"], unit=units["other_street"])
    with pytest.raises(PermissionDenied):
        store_upload(photo, user=people["leader"], unit=units["c1"])  # leaders only read
    assert not StoredFile.objects.exists()


def test_file_names_are_cleaned():
    assert clean_name("../../etc/passwd") == "passwd"
    assert clean_name("C:\\Users\\张三\\照片 1.jpg") == "照片 1.jpg"
    assert clean_name("a\x00b\nc.jpg") == "abc.jpg"
    assert clean_name("") == "upload"


def test_photos_are_attached_to_their_owner_later(people, units, c1_photo):
    owner, other_owner = units["c1"], units["c2"]  # any model with an integer key can own files
    attach_files([c1_photo.pk], owner, user=people["handler"], purpose="before")
    c1_photo.refresh_from_db()
    assert c1_photo.owner == owner and c1_photo.purpose == "before"
    with pytest.raises(ValidationError):
        attach_files([c1_photo.pk], other_owner, user=people["handler"])
    with pytest.raises(ValidationError):
        attach_files([c1_photo.pk], owner, user=people["other_handler"])  # cannot see it
    assert AuditEvent.objects.filter(action="file.attach").count() == 1
