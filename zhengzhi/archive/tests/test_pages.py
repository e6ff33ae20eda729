import pytest
from django.urls import reverse

from zhengzhi.archive.models import Evidence, EvidenceStatus
from zhengzhi.archive.services import evidence as ev
from zhengzhi.archive.tests.conftest import NOW, jpeg, pdf
from zhengzhi.files.models import StoredFile


@pytest.fixture
def filed(reqs, people, units):
    return ev.upload(people["dept_handler"], reqs["r3"].pk, units["dept"], pdf(), now=NOW)


def test_the_office_reads_the_table_with_flags_in_few_queries(
    as_user, people, sanitary, table, reqs, django_assert_max_num_queries
):
    client = as_user(people["admin"])
    with django_assert_max_num_queries(25):
        page = client.get(reverse("archive:table", args=[sanitary.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert html.count('class="arc-flagged"') == len(page.context["rows"]) - 0  # no task anywhere
    flagged = client.get(reverse("archive:table", args=[sanitary.pk]) + "?flag=owner")
    assert [r.duty for r, _c in flagged.context["rows"]][:1] != [table["item1"]]
    assert table["item3"] in [r.duty for r, _c in flagged.context["rows"]]


def test_a_unit_sees_its_own_rows_and_another_unit_nothing(as_user, people, sanitary, table, filed):
    client = as_user(people["dept_handler"])
    page = client.get(reverse("archive:table", args=[sanitary.pk]))
    assert {r.duty for r, _c in page.context["rows"]} == {table["item1"], table["item2"]}
    assert client.get(reverse("archive:duty", args=[table["item2"].pk])).status_code == 200
    assert client.get(reverse("archive:duty", args=[table["item3"].pk])).status_code == 404
    other = as_user(people["other_handler"])
    assert other.get(reverse("archive:table", args=[sanitary.pk])).status_code == 404
    assert other.get(reverse("archive:duty", args=[table["item2"].pk])).status_code == 404
    assert other.get(reverse("archive:completeness", args=[sanitary.pk])).status_code == 404
    assert other.get(reverse("files:serve", args=[filed.file_id])).status_code == 404
    assert other.get(reverse("archive:upload", args=[filed.requirement_id])).status_code == 404
    assert other.post(reverse("archive:accept", args=[filed.pk])).status_code == 404


def test_the_item_page_shows_owner_tasks_problems_and_evidence(
    as_user, people, table, filed, django_assert_max_num_queries
):
    client = as_user(people["admin"])
    with django_assert_max_num_queries(40):
        page = client.get(reverse("archive:duty", args=[table["item2"].pk]))
    html = page.content.decode()
    assert "城管执法局" in html and "制度.pdf" in html and 'id="problems"' in html
    assert reverse("archive:accept", args=[filed.pk]) in html


def test_upload_on_a_phone_keeps_what_was_typed_and_the_file(as_user, people, reqs, units):
    client = as_user(people["dept_handler"])
    url = reverse("archive:upload", args=[reqs["r1"].pk])
    assert client.get(url).status_code == 200
    refused = client.post(  # a document where a photo is asked for
        url, {"unit": units["dept"].pk, "year": 2025, "title": "第三季度巡查", "file": pdf()}
    )
    assert refused.status_code == 400
    assert not StoredFile.objects.exists()  # a PDF is not even stored where a photo is asked
    refused = client.post(
        url, {"unit": units["dept"].pk, "year": 1999, "title": "第三季度巡查", "file": jpeg()}
    )
    assert refused.status_code == 400
    html = refused.content.decode()
    assert "第三季度巡查" in html and 'id="kept-file"' in html
    kept = refused.context["form"].data["file_id"]
    done = client.post(
        url, {"unit": units["dept"].pk, "year": 2025, "title": "第三季度巡查", "file_id": kept}
    )
    assert done.status_code == 302
    piece = Evidence.objects.get()
    assert (str(piece.file_id), piece.year, piece.title) == (kept, 2025, "第三季度巡查")


def test_the_office_accepts_and_returns_on_the_page(as_user, people, filed):
    client = as_user(people["admin"])
    assert (
        client.post(reverse("archive:return", args=[filed.pk]), {"reason": ""}).status_code == 302
    )
    filed.refresh_from_db()
    assert filed.status == EvidenceStatus.SUBMITTED
    client.post(reverse("archive:return", args=[filed.pk]), {"reason": "缺少盖章"})
    filed.refresh_from_db()
    assert (filed.status, filed.return_reason) == (EvidenceStatus.RETURNED, "缺少盖章")
    client.post(reverse("archive:accept", args=[filed.pk]))
    filed.refresh_from_db()
    assert filed.status == EvidenceStatus.ACCEPTED
    unit = as_user(people["dept_handler"])
    assert unit.post(reverse("archive:accept", args=[filed.pk])).status_code == 404


def test_completeness_page_in_few_queries(
    as_user, people, sanitary, filed, django_assert_max_num_queries
):
    client = as_user(people["admin"])
    with django_assert_max_num_queries(20):
        page = client.get(reverse("archive:completeness", args=[sanitary.pk]))
    assert page.context["total"].required > 0
    assert "who owes it" in page.content.decode()
    unit = as_user(people["dept_handler"])
    page = unit.get(reverse("archive:completeness", args=[sanitary.pk]))
    assert page.status_code == 200
    assert page.context["total"].required == 11


def test_a_supporting_unit_is_offered_only_what_it_files(as_user, people, table, reqs):
    client = as_user(people["dept_handler"])
    html = client.get(reverse("archive:duty", args=[table["item1"].pk])).content.decode()
    assert reverse("archive:upload", args=[reqs["r1"].pk]) in html  # from every unit
    assert reverse("archive:upload", args=[reqs["r2"].pk]) not in html  # the lead's alone
    assert client.get(reverse("archive:upload", args=[reqs["r2"].pk])).status_code == 404
