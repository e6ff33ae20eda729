"""Report photos: several sent with a report, shown as thumbnails on the task page and the
correction page in a bounded number of queries, kept with the row they came with, and seen only
by those who see the report."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from zhengzhi.audit.models import AuditEvent
from zhengzhi.campaigns.models import Campaign, ProgressReport
from zhengzhi.campaigns.photos import store_photos, with_photos
from zhengzhi.campaigns.services.reports import correct_report, submit_report
from zhengzhi.campaigns.tests.conftest import at
from zhengzhi.files.models import StoredFile
from zhengzhi.files.tests.samples import image_bytes

pytestmark = pytest.mark.django_db

DAY = dt.date(2026, 5, 20)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def photo(name="p.jpg", color=(10, 120, 10)):
    return SimpleUploadedFile(name, image_bytes(color=color), content_type="image/jpeg")


def login(client, user):
    client.cookies["django_language"] = "en"
    client.force_login(user)
    return client


@pytest.fixture
def open_form(campaign, units, staff):
    """The campaign runs today, so the form offers a slot."""
    today = timezone.localdate()
    Campaign.objects.filter(pk=campaign.pk).update(
        starts_on=today - dt.timedelta(days=10), ends_on=today + dt.timedelta(days=30)
    )
    return campaign.task.assignments.get(unit=units["c1"])


def post_report(client, assignment, photos):
    url = reverse("campaigns:report_form", args=[assignment.pk])
    slot = client.get(url).context["form"].fields["slot"].choices[0][0]
    return client.post(url, {"slot": slot, "figure": "2", "text": "拆除2处", "photos": photos})


def test_a_report_takes_several_photos(client, open_form, staff):
    login(client, staff["handler"])
    r = post_report(client, open_form, [photo("a.jpg"), photo("b.jpg"), photo("c.png")])
    assert r.status_code == 302
    report = ProgressReport.objects.get(assignment=open_form)
    files = StoredFile.objects.filter(owner_id=report.pk, purpose="progress")
    assert files.count() == 3
    event = AuditEvent.objects.get(action="campaign.report.submit")
    assert sorted(event.data["photos"]) == sorted(str(f.pk) for f in files)


def test_seven_photos_are_refused_on_their_field(client, open_form, staff):
    login(client, staff["handler"])
    r = post_report(client, open_form, [photo(f"{i}.jpg") for i in range(7)])
    assert r.status_code == 200 and r.context["form"].errors["photos"]
    assert "拆除2处" in r.content.decode()  # what was typed is kept
    assert not ProgressReport.objects.exists()
    # The six the form takes are kept, unattached, for the next try; the seventh is not.
    kept = StoredFile.objects.all()
    assert kept.count() == 6 and not kept.filter(owner_type__isnull=False).exists()
    assert [f.pk for f in r.context["kept_photos"]] == [f.pk for f in kept.order_by("created_at")]


def test_a_file_that_is_no_photo_is_named_and_the_good_one_is_kept(client, open_form, staff):
    login(client, staff["handler"])
    bad = SimpleUploadedFile("notes.jpg", b"not an image at all", content_type="image/jpeg")
    r = post_report(client, open_form, [photo("a.jpg"), bad])
    assert r.status_code == 200
    assert "notes.jpg" in " ".join(r.context["form"].errors["photos"])
    assert not ProgressReport.objects.exists()
    good = StoredFile.objects.get()  # the good one is kept for the next try, unattached
    assert good.original_name == "a.jpg" and good.owner_id is None
    assert f'name="photo_ids" value="{good.pk}"' in r.content.decode()


def test_photos_survive_a_refused_report_and_land_on_the_retry(client, open_form, staff):
    login(client, staff["handler"])
    url = reverse("campaigns:report_form", args=[open_form.pk])
    slot = client.get(url).context["form"].fields["slot"].choices[0][0]
    refused = client.post(url, {"slot": slot, "figure": "", "text": "拆除2处", "photos": [photo()]})
    assert refused.status_code == 200 and refused.context["form"].errors["figure"]
    kept = StoredFile.objects.get()
    assert f'name="photo_ids" value="{kept.pk}"' in refused.content.decode()
    # Another user's unattached photo cannot be slipped in by its id.
    other = store_photos([photo("x.jpg")], user=staff["dispatcher"], unit=None)[0]
    r = client.post(
        url,
        {"slot": slot, "figure": "2", "text": "拆除2处", "photo_ids": [str(kept.pk), other]},
    )
    assert r.status_code == 302
    report = ProgressReport.objects.get(assignment=open_form)
    assert list(StoredFile.objects.filter(owner_id=report.pk).values_list("pk", flat=True)) == [
        kept.pk
    ]


def test_the_form_shrinks_photos_with_the_shared_script(client, open_form, staff):
    login(client, staff["handler"])
    page = client.get(reverse("campaigns:report_form", args=[open_form.pk])).content.decode()
    assert "zhengzhi/photos.js" in page and "campaigns/report.js" in page
    assert "multiple" in page and 'id="photo-config"' in page


def _reports_with_photos(campaign, units, staff, days: int) -> list[ProgressReport]:
    out = []
    for i in range(days):
        day = DAY + dt.timedelta(days=i)
        for unit, user in ((units["c1"], staff["handler"]), (units["c2"], staff["c2_handler"])):
            a = campaign.task.assignments.get(unit=unit)
            ids = store_photos([photo(), photo()], user=user, unit=unit)
            out.append(
                submit_report(
                    a.pk, actor=user, figure=1, period=day, slot=0, photo_ids=ids,
                    now=at(day, "10:00"),
                )
            )  # fmt: skip
    return out


def _task_page_queries(client, campaign) -> tuple[int, str]:
    url = reverse("campaigns:task", args=[campaign.pk, campaign.task.pk])
    with CaptureQueriesContext(connection) as ctx:
        r = client.get(url)
    assert r.status_code == 200
    return len(ctx.captured_queries), r.content.decode()


def test_the_task_page_shows_thumbnails_without_a_query_per_report(client, campaign, units, staff):
    login(client, staff["admin"])
    _reports_with_photos(campaign, units, staff, 1)
    _task_page_queries(client, campaign)  # the session's first push of its idle expiry
    few, page = _task_page_queries(client, campaign)
    assert page.count('class="report-thumb"') == 4
    for i in range(1, 6):
        day = DAY + dt.timedelta(days=i)
        a = campaign.task.assignments.get(unit=units["c1"])
        ids = store_photos([photo()], user=staff["handler"], unit=units["c1"])
        submit_report(
            a.pk, actor=staff["handler"], figure=1, period=day, slot=0, photo_ids=ids,
            now=at(day, "10:00"),
        )  # fmt: skip
    many, page = _task_page_queries(client, campaign)
    assert page.count('class="report-thumb"') == 9
    assert many == few


def test_photos_follow_the_reports_visibility(client, campaign, units, staff):
    (mine, theirs) = _reports_with_photos(campaign, units, staff, 1)
    photo_id = StoredFile.objects.filter(owner_id=mine.pk).first().pk
    thumb = reverse("files:thumb", args=[photo_id])
    for who in ("handler", "admin"):
        login(client, staff[who])
        assert client.get(thumb).status_code == 200, who
    for who in ("c2_handler", "other_handler"):
        login(client, staff[who])
        assert client.get(thumb).status_code == 404, who
    # c2's handler sees its own report's photos on the task page, never c1's.
    login(client, staff["c2_handler"])
    _n, page = _task_page_queries(client, campaign)
    assert str(photo_id) not in page
    assert str(StoredFile.objects.filter(owner_id=theirs.pk).first().pk) in page


def test_a_correction_keeps_the_old_photos_in_the_history(client, campaign, units, staff):
    (mine, _theirs) = _reports_with_photos(campaign, units, staff, 1)
    old_photos = {
        str(pk) for pk in StoredFile.objects.filter(owner_id=mine.pk).values_list("pk", flat=True)
    }
    Campaign.objects.filter(pk=campaign.pk).update(ends_on=dt.date(2099, 1, 1))
    new = correct_report(mine.pk, actor=staff["handler"], figure=3, reason="漏报")
    assert {str(f.pk) for f in StoredFile.objects.filter(owner_id=mine.pk)} == old_photos
    login(client, staff["handler"])
    r = client.get(reverse("campaigns:report_correct", args=[new.pk]))
    history = r.context["history"]
    assert [h.pk for h in history] == [new.pk, mine.pk]
    # The correction sent no photos: it shows the ones of the version it corrects, said so.
    assert {str(f.pk) for f in history[0].photo_files} == old_photos and history[0].photos_carried
    assert {str(f.pk) for f in history[1].photo_files} == old_photos
    assert not history[1].photos_carried
    page = r.content.decode()
    assert all(reverse("files:thumb", args=[pk]) in page for pk in old_photos)
    assert "沿用更正前的照片" in page or "photos of the version corrected" in page
    # Corrected again, still without photos: the originals, two versions back.
    again = correct_report(new.pk, actor=staff["handler"], figure=4, reason="再次更正")
    (shown,) = with_photos([ProgressReport.objects.get(pk=again.pk)])
    assert {str(f.pk) for f in shown.photo_files} == old_photos and shown.photos_carried


def test_a_correction_on_its_page_takes_new_photos(client, campaign, units, staff):
    (mine, _theirs) = _reports_with_photos(campaign, units, staff, 1)
    Campaign.objects.filter(pk=campaign.pk).update(ends_on=dt.date(2099, 1, 1))
    login(client, staff["handler"])
    url = reverse("campaigns:report_correct", args=[mine.pk])
    form = client.get(url).content.decode()
    assert 'enctype="multipart/form-data"' in form and 'name="photos"' in form
    bad = client.post(url, {"figure": "3", "reason": "漏报", "photos": [
        SimpleUploadedFile("x.jpg", b"not a photo", content_type="image/jpeg")]})  # fmt: skip
    assert bad.status_code == 200 and "漏报" in bad.content.decode()
    assert ProgressReport.objects.get(pk=mine.pk).is_current  # nothing saved, no photo rows
    before = StoredFile.objects.count()
    response = client.post(url, {"figure": "3", "reason": "漏报", "photos": [photo("new.jpg")]})
    assert response.status_code == 302
    new = ProgressReport.objects.get(replaces=mine)
    assert StoredFile.objects.filter(owner_id=new.pk).count() == 1
    (shown,) = with_photos([new])  # new photos replace the earlier ones on the new version
    assert len(shown.photo_files) == 1 and not shown.photos_carried
    assert StoredFile.objects.count() == before + 1
