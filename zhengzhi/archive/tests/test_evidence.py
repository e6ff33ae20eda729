import datetime as dt

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.http import Http404

from zhengzhi.archive.models import Evidence, EvidenceSource, EvidenceStatus
from zhengzhi.archive.scope import get_evidence_for_user, visible_duties
from zhengzhi.archive.services import evidence as ev
from zhengzhi.archive.services.errors import ArchiveError
from zhengzhi.archive.tests.conftest import NOW, jpeg, pdf
from zhengzhi.audit.models import AuditEvent
from zhengzhi.files.models import FileKind, StoredFile
from zhengzhi.files.scope import can_see


def test_a_unit_files_evidence_for_its_own_items(reqs, people, units):
    piece = ev.upload(people["dept_handler"], reqs["r3"].pk, units["dept"], pdf(), now=NOW)
    assert (piece.unit, piece.year, piece.status) == (units["dept"], 2026, EvidenceStatus.SUBMITTED)
    assert piece.file.owner == piece
    assert AuditEvent.objects.filter(action="archive.evidence.uploaded").count() == 1
    photo = ev.upload(
        people["dept_handler"], reqs["r1"].pk, units["dept"], jpeg(), year=2024, now=NOW
    )
    assert photo.year == 2024 and photo.file.kind == FileKind.IMAGE


def test_a_unit_cannot_file_for_another_unit_or_item(reqs, people, units):
    with pytest.raises(PermissionDenied):
        ev.upload(people["dept_handler"], reqs["r1"].pk, units["street"], jpeg(), year=2024)
    with pytest.raises(PermissionDenied):
        ev.upload(people["other_handler"], reqs["r1"].pk, units["other_street"], jpeg(), year=2024)
    with pytest.raises(ArchiveError) as exc:  # asked once: the lead unit (the street) files it
        ev.upload(people["dept_handler"], reqs["r2"].pk, units["dept"], pdf())
    assert exc.value.code == "unit"
    assert not Evidence.objects.exists()


def test_bad_year_and_bad_file_are_refused_with_a_reason(reqs, people, units):
    with pytest.raises(ArchiveError) as exc:
        ev.upload(people["dept_handler"], reqs["r1"].pk, units["dept"], jpeg(), year=2019, now=NOW)
    assert exc.value.code == "year"
    with pytest.raises(ArchiveError) as exc:  # a photo is asked for, not a PDF
        ev.upload(people["dept_handler"], reqs["r1"].pk, units["dept"], pdf(), year=2024, now=NOW)
    assert exc.value.field == "file"


def test_scope_a_unit_sees_its_own_rows_and_evidence(reqs, table, people, units, sanitary):
    piece = ev.upload(
        people["dept_handler"], reqs["r1"].pk, units["dept"], jpeg(), year=2025, now=NOW
    )
    assert set(visible_duties(people["dept_handler"], sanitary)) == {table["item1"], table["item2"]}
    assert set(visible_duties(people["other_handler"], sanitary)) == set()
    # The street leads item 1: it sees what the supporting department filed there.
    assert get_evidence_for_user(people["street_leader"], piece.pk) == piece
    assert can_see(people["street_leader"], piece.file)
    with pytest.raises(Http404):
        get_evidence_for_user(people["other_handler"], piece.pk)
    assert not can_see(people["other_handler"], piece.file)
    mine = ev.upload(people["street_leader"], reqs["r2"].pk, units["street"], pdf(), now=NOW)
    with pytest.raises(Http404):  # the department supports item 1 but did not file this
        get_evidence_for_user(people["dept_handler"], mine.pk)


def test_the_office_accepts_or_returns_with_a_reason(reqs, people, units):
    piece = ev.upload(people["dept_handler"], reqs["r3"].pk, units["dept"], pdf(), now=NOW)
    with pytest.raises(PermissionDenied):
        ev.accept(people["dept_handler"], piece.pk)
    with pytest.raises(ArchiveError):
        ev.return_(people["admin"], piece.pk, "  ")
    returned = ev.return_(people["admin"], piece.pk, "缺少盖章", version=piece.version)
    assert returned.status == EvidenceStatus.RETURNED and returned.return_reason == "缺少盖章"
    with pytest.raises(ArchiveError) as exc:  # reviewed meanwhile
        ev.accept(people["admin"], piece.pk, version=piece.version)
    assert exc.value.code == "stale"
    accepted = ev.accept(people["admin"], piece.pk, version=returned.version)
    assert accepted.status == EvidenceStatus.ACCEPTED and accepted.return_reason == ""
    actions = list(
        AuditEvent.objects.filter(action__startswith="archive.evidence.")
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions[-2:] == ["archive.evidence.returned", "archive.evidence.accepted"]


def _photo(problem, purpose):
    return StoredFile.objects.create(
        kind=FileKind.IMAGE,
        original_name=f"{purpose}.jpg",
        content_type="image/jpeg",
        size=10,
        sha256="0" * 64,
        path=f"t/{problem.pk}-{purpose}.jpg",
        unit=problem.owner_unit,
        owner_type=ContentType.objects.get_for_model(problem),
        owner_id=problem.pk,
        purpose=purpose,
    )


def test_closed_problems_with_both_photos_fill_the_archive_once(
    table, sanitary, people, closed, categories
):
    item = table["item1"].item
    item.problem_categories.add(categories["0401"])
    req = ev.declare(
        people["admin"],
        sanitary,
        item,
        title="整改前后对比照片",
        kind="photo",
        count=5,
        fill_from="problems",
    )
    both = closed(closed_at=NOW - dt.timedelta(days=30))
    _photo(both, "before"), _photo(both, "after")
    only_before = closed(closed_at=NOW - dt.timedelta(days=30))
    _photo(only_before, "before")
    too_old = closed(closed_at=dt.datetime(2021, 5, 1, tzinfo=dt.UTC))
    _photo(too_old, "before"), _photo(too_old, "after")
    assert ev.fill(sanitary, now=NOW) == 1
    assert ev.fill(sanitary, now=NOW) == 0
    piece = Evidence.objects.get(requirement=req)
    assert piece.source == EvidenceSource.PROBLEMS
    assert piece.status == EvidenceStatus.ACCEPTED  # the office verified it on closing
    assert piece.file.purpose == "after" and piece.source_key == f"ledger.problem:{both.pk}"
    assert piece.unit == table["item1"].lead_unit
