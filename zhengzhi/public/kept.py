"""Photos of a refused report, kept for the next try of the same form when it posts without
JavaScript (with JavaScript, report.js keeps them in the page and sends them again).

The photos are stored at once, unattached and without a unit (so only the office could open them
until the report attaches them), and the form carries their ids signed together with its client
token: another browser's token, an altered list or a day-old form keeps nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from django.core import signing
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from zhengzhi.files.models import FileKind, StoredFile
from zhengzhi.files.services import clean_name, store_upload

PURPOSE = "public-pending"
SALT = "zhengzhi.public.kept-photos"
MAX_AGE = 24 * 3600
SUFFIXES = (".jpg", ".jpeg", ".png", ".webp")


def sign(files: Sequence[StoredFile], token: str) -> str:
    if not files or not token:
        return ""
    return signing.dumps({"t": token, "ids": [str(f.pk) for f in files]}, salt=SALT)


def kept_files(signed: str, token: str, *, limit: int) -> list[StoredFile]:
    """The photos the form says it kept, if its signature, token and age hold and they are
    still unattached."""
    if not signed or not token:
        return []
    try:
        data = signing.loads(signed, salt=SALT, max_age=MAX_AGE)
    except signing.BadSignature:
        return []
    if not isinstance(data, dict) or data.get("t") != token:
        return []
    ids = [str(i) for i in data.get("ids", [])][:limit]
    try:
        found = {
            str(f.pk): f
            for f in StoredFile.objects.filter(
                pk__in=ids, purpose=PURPOSE, owner_type__isnull=True, uploaded_by__isnull=True
            )
        }
    except ValidationError:
        return []
    return [found[i] for i in ids if i in found]


def keep(uploads: Sequence, *, room: int, request=None) -> tuple[list[StoredFile], list[str]]:
    """Stores the photos of a refused report for the next try; (stored, errors naming the file).
    Stored under a neutral name: a phone's file name can carry the reporter."""
    stored: list[StoredFile] = []
    errors: list[str] = []
    for i, photo in enumerate(list(uploads)[: max(room, 0)], start=1):
        chosen = clean_name(getattr(photo, "name", "") or "")
        suffix = Path(chosen).suffix.lower()
        photo.name = f"photo-{i}{suffix if suffix in SUFFIXES else '.jpg'}"
        try:
            stored.append(
                store_upload(
                    photo,
                    user=None,
                    unit=None,
                    allowed=(FileKind.IMAGE,),
                    purpose=PURPOSE,
                    request=request,
                )
            )
        except ValidationError as exc:
            errors.append(
                _("Photo %(n)d (%(name)s): %(reason)s Please choose another photo.")
                % {"n": i, "name": chosen, "reason": exc.messages[0]}
            )
    return stored, errors
