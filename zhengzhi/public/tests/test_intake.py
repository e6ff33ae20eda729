"""The intake service: a citizen's report becomes a ledger problem, checked, once."""

import threading

import pytest
from django.db import connection

from zhengzhi.audit.models import AuditEvent
from zhengzhi.files.models import StoredFile
from zhengzhi.files.tests.samples import image_bytes, upload
from zhengzhi.ledger.models import EventKind, Problem, Source, Status
from zhengzhi.public import crypto
from zhengzhi.public.errors import PublicReportError
from zhengzhi.public.models import CODE_ALPHABET, Channel, PublicReport
from zhengzhi.public.services.intake import submit_report
from zhengzhi.public.tests.conftest import INSIDE_C2, OUTSIDE


def test_a_report_becomes_a_problem_awaiting_registration(public_report, units, photo):
    report, created = public_report(photos=[photo(), photo("2.jpg")])
    assert created
    p = report.problem
    assert p.source == Source.PUBLIC and p.status == Status.REPORTED
    assert p.reported_by is None and p.owner_unit_id == units["c1"].pk
    assert p.category.code == "0101" and p.address == "柳岸路8号"
    assert len(report.tracking_code) == 10 and set(report.tracking_code) <= set(CODE_ALPHABET)
    event = p.events.get()
    assert event.kind == EventKind.REPORT and event.actor is None and event.actor_unit is None
    photos = StoredFile.objects.filter(owner_id=p.pk, purpose="before")
    assert photos.count() == 2 and all(f.uploaded_by is None for f in photos)
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"problem.report", "public.report", "file.upload"} <= actions


def test_the_identity_is_stored_encrypted_and_masked(public_report):
    report, _ = public_report(email="zs@example.com")
    assert "13812341234" not in report.phone_enc and "张三" not in report.name_enc
    assert crypto.decrypt(report.phone_enc) == "13812341234"
    assert crypto.decrypt(report.name_enc) == "张三"
    assert crypto.decrypt(report.email_enc) == "zs@example.com"
    assert (report.name_masked, report.phone_masked) == ("张*", "138****1234")
    assert report.has_contact
    # nothing of the identity reaches the audit log
    for data in AuditEvent.objects.values_list("data", flat=True):
        assert "13812341234" not in str(data) and "张三" not in str(data)


def test_anonymous_report_by_address_only(public_report):
    report, _ = public_report(point=(None, None), name="", phone="", address="桃园路3号")
    assert report.problem.lon is None and report.problem.owner_unit is None
    assert not report.has_contact and report.name_masked == ""


def test_the_point_routes_to_its_community(public_report, units):
    report, _ = public_report(point=INSIDE_C2)
    assert report.problem.owner_unit_id == units["c2"].pk


def test_the_same_client_token_makes_one_report(public_report):
    first, created = public_report(client_token="tok-123")
    again, created_again = public_report(client_token="tok-123", description="别的")
    assert created and not created_again
    assert again.pk == first.pk and PublicReport.objects.count() == 1
    assert Problem.objects.count() == 1


@pytest.mark.parametrize(
    ("change", "code", "field"),
    [
        ({"category": "nope"}, "invalid_category", "category"),
        ({"category": "01"}, "invalid_category", "category"),  # a main category
        ({"description": "   "}, "no_description", "description"),
        ({"description": "x" * 2001}, "invalid", "description"),
        ({"point": (None, None), "address": ""}, "no_place", "place"),
        ({"point": OUTSIDE}, "out_of_area", "place"),
        ({"point": (120.005, None)}, "invalid", "place"),
        ({"point": ("east", "north")}, "invalid", "place"),
        ({"point": (float("nan"), 30.0)}, "invalid", "place"),
        ({"point": (500, 30.0)}, "invalid", "place"),
        ({"phone": "call me"}, "invalid", "phone"),
        ({"email": "not-an-email"}, "invalid", "email"),
        ({"name": "名" * 41}, "invalid", "name"),
        ({"description": "a\x00b"}, "invalid", "description"),
        ({"client_token": "bad token!"}, "invalid", None),
        ({"channel": "fax"}, "invalid", None),
        ({"media_urls": ["file:///etc/passwd"]}, "invalid", None),
        ({"attributes": ["not", "a", "dict"]}, "invalid", None),
    ],
)
def test_bad_input_is_refused_with_a_reason_and_nothing_written(public_report, change, code, field):
    with pytest.raises(PublicReportError) as exc:
        public_report(**change)
    assert exc.value.code == code and exc.value.field == field and str(exc.value.message)
    assert not Problem.objects.exists() and not PublicReport.objects.exists()


def test_an_inactive_or_internal_category_is_refused(public_report, categories):
    internal = next(c for c in categories.values() if c.parent_id and not c.is_public)
    with pytest.raises(PublicReportError) as exc:
        public_report(category=internal)
    assert exc.value.code == "invalid_category"
    categories["0101"].is_active = False
    categories["0101"].save()
    with pytest.raises(PublicReportError):
        public_report(category="0101")


def test_photos_too_many_too_large_or_not_photos(public_report, photo, settings):
    with pytest.raises(PublicReportError) as exc:
        public_report(photos=[photo() for _ in range(7)])
    assert exc.value.code == "too_many_photos"
    settings.PUBLIC_PHOTO_MAX_BYTES = 1000
    with pytest.raises(PublicReportError) as exc:
        public_report(photos=[upload("big.png", image_bytes("PNG", (400, 400)) + b"\0" * 2000)])
    assert exc.value.code == "bad_photo"
    settings.PUBLIC_PHOTO_MAX_BYTES = 8 * 1024 * 1024
    with pytest.raises(PublicReportError) as exc:
        public_report(photos=[photo(), upload("x.jpg", b"<script>alert(1)</script>")])
    assert exc.value.code == "bad_photo" and "2" in str(exc.value.message)
    assert not Problem.objects.exists() and not StoredFile.objects.exists()


def test_photos_lose_their_exif(public_report, photo, settings):
    from PIL import Image

    report, _ = public_report(photos=[photo()])
    stored = StoredFile.objects.get(owner_id=report.problem_id)
    with Image.open(settings.MEDIA_ROOT / stored.path) as im:
        assert len(im.getexif()) == 0 and "exif" not in im.info


def test_open311_fields_are_kept(public_report):
    report, _ = public_report(
        channel=Channel.OPEN311,
        api_client="fixmystreet",
        attributes={"depth": "30", "kinds": ["a", "b"]},
        media_urls=["https://example.org/p.jpg"],
    )
    assert report.channel == Channel.OPEN311 and report.api_client == "fixmystreet"
    assert report.attributes == {"depth": "30", "kinds": ["a", "b"]}
    assert report.media_urls == ["https://example.org/p.jpg"]


@pytest.mark.django_db(transaction=True)
def test_two_submissions_at_once_with_one_token_make_one_report(categories, grids, staff):
    if connection.vendor == "sqlite":
        pytest.skip("SQLite serialises writers; the race needs PostgreSQL")
    results, errors = [], []
    barrier = threading.Barrier(2)

    def submit():
        try:
            barrier.wait()
            results.append(
                submit_report(
                    category=categories["0101"],
                    description="同时提交",
                    lon=120.005,
                    lat=30.005,
                    client_token="same-token",
                )
            )
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert sorted(created for _, created in results) == [False, True]
    assert len({r.pk for r, _ in results}) == 1
    assert PublicReport.objects.count() == 1 and Problem.objects.count() == 1
