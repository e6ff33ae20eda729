"""Photos of progress reports: stored by the files app, one owner (the report row) each.

A correction is a new row: the photos stay on the row they were sent with, so the history shows
each version with its own photos. Who may open a photo follows the report's visibility
(scope.register_file_rules); lists show only reports the user may see, so their photos too.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError

from zhengzhi.campaigns.models import ProgressReport
from zhengzhi.campaigns.services.errors import CampaignError
from zhengzhi.files.models import FileKind, StoredFile

PURPOSE = "progress"


def _photos_of(owner_ids: Iterable[int]) -> dict[int, list[StoredFile]]:
    by_report: dict[int, list[StoredFile]] = defaultdict(list)
    owner_ids = list(owner_ids)
    if not owner_ids:
        return by_report
    owner_type = ContentType.objects.get_for_model(ProgressReport)  # cached per process
    files = (
        StoredFile.objects.filter(
            owner_type=owner_type, owner_id__in=owner_ids, kind=FileKind.IMAGE
        )
        .only("id", "owner_id", "original_name", "thumb_path", "created_at")
        .order_by("created_at", "pk")
    )
    for stored in files:
        by_report[stored.owner_id].append(stored)
    return by_report


# How many versions back a correction without photos looks for the photos it keeps showing.
MAX_CARRY = 10


def with_photos(reports: Iterable[ProgressReport]) -> list[ProgressReport]:
    """The reports, each with `photo_files` (oldest first). A correction sent without photos
    shows those of the version it corrects (`photos_carried` is then True): a figure put right
    does not make the evidence disappear. One query for the rows' own photos, and two more for
    each level of corrections looked back through (never one per row)."""
    reports = list(reports)
    own = _photos_of(r.pk for r in reports)
    for report in reports:
        report.photo_files = own.get(report.pk, [])
        report.photos_carried = False
    # report -> the earlier version whose photos it would show
    looking = {r: r.replaces_id for r in reports if not r.photo_files and r.replaces_id}
    for _level in range(MAX_CARRY):
        if not looking:
            break
        found = _photos_of(set(looking.values()))
        earlier = dict(
            ProgressReport.objects.filter(
                pk__in={v for v in looking.values() if v not in found}
            ).values_list("pk", "replaces_id")
        )
        nxt = {}
        for report, version in looking.items():
            if version in found:
                report.photo_files, report.photos_carried = found[version], True
            elif earlier.get(version):
                nxt[report] = earlier[version]
        looking = nxt
    return reports


def store_photos(uploads, *, user, unit, request=None) -> list[str]:
    """Checks and stores the uploaded photos (before their report exists); their ids for
    submit_report to attach. A bad one names itself and stores nothing more."""
    from zhengzhi.files.services import store_upload

    ids = []
    for upload in uploads or []:
        try:
            stored = store_upload(upload, user=user, unit=unit, purpose=PURPOSE, request=request)
        except ValidationError as exc:
            name = getattr(upload, "name", "")
            raise CampaignError(f"{name}: {exc.messages[0]}", "invalid", "photos") from None
        ids.append(str(stored.pk))
    return ids


def kept_photo_ids(request, *, limit: int) -> list[str]:
    """Photos stored on an earlier, refused submit of the same form: the user's own, for a
    progress report and not yet attached (sent again as `photo_ids`; "remove" drops one)."""
    dropped = set(request.POST.getlist("drop_photo_ids"))
    wanted = [v for v in request.POST.getlist("photo_ids") if v and v not in dropped][:limit]
    if not wanted:
        return []
    try:
        found = {
            str(pk)
            for pk in StoredFile.objects.filter(
                pk__in=wanted, uploaded_by=request.user, owner_type__isnull=True, purpose=PURPOSE
            ).values_list("pk", flat=True)
        }
    except ValidationError:  # not UUIDs
        return []
    return [w for w in wanted if w in found]


def keep_refused_photos(request, form, *, unit, kept: list[str], limit: int) -> list[str]:
    """A report refused (a field to correct, its slot taken meanwhile): the photos sent with it
    are stored now, unattached, and offered again with the form, so a phone need not take them
    again. A photo that is refused itself says why on the photos field."""
    ids = list(kept)
    for upload in request.FILES.getlist("photos")[: max(limit - len(ids), 0)]:
        try:
            ids += store_photos([upload], user=request.user, unit=unit, request=request)
        except CampaignError as exc:
            if exc.message not in form.errors.get("photos", []):
                form.add_error("photos", exc.message)
    return ids


def kept_files(ids: list[str]) -> list[StoredFile]:
    found = {str(f.pk): f for f in StoredFile.objects.filter(pk__in=ids)} if ids else {}
    return [found[i] for i in ids if i in found]
