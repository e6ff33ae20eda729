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


def with_photos(reports: Iterable[ProgressReport]) -> list[ProgressReport]:
    """The reports, each with `photo_files` (oldest first): one query however many reports."""
    reports = list(reports)
    by_report: dict[int, list[StoredFile]] = defaultdict(list)
    if reports:
        owner_type = ContentType.objects.get_for_model(ProgressReport)  # cached per process
        files = (
            StoredFile.objects.filter(
                owner_type=owner_type,
                owner_id__in=[r.pk for r in reports],
                kind=FileKind.IMAGE,
            )
            .only("id", "owner_id", "original_name", "thumb_path", "created_at")
            .order_by("created_at", "pk")
        )
        for stored in files:
            by_report[stored.owner_id].append(stored)
    for report in reports:
        report.photo_files = by_report.get(report.pk, [])
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
