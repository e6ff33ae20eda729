"""What the ledger's views share: photos kept across a failed submit, the map's settings."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils.translation import gettext as _

from zhengzhi.files.models import StoredFile
from zhengzhi.files.services import store_upload
from zhengzhi.ledger.forms import MAX_PHOTOS
from zhengzhi.territory import basemap


def kept_photo_ids(request) -> list[str]:
    """Photos stored on an earlier, refused submit of the same form: the user's own and not yet
    attached to anything, so a phone need not take them again."""
    dropped = set(request.POST.getlist("drop_photo_ids"))  # "remove" ticked under a kept photo
    wanted = [v for v in request.POST.getlist("photo_ids") if v and v not in dropped][:MAX_PHOTOS]
    if not wanted:
        return []
    try:
        found = {
            str(pk)
            for pk in StoredFile.objects.filter(
                pk__in=wanted, uploaded_by=request.user, owner_type__isnull=True
            ).values_list("pk", flat=True)
        }
    except ValidationError:  # not UUIDs
        return []
    return [w for w in wanted if w in found]


def store_photos(request, files, *, unit, purpose: str) -> tuple[list[str], list[str]]:
    """Stores the new photos of a submit and returns (all photo ids incl. kept ones, errors).
    Photos are stored even if the rest of the form is refused: they are offered again."""
    ids = kept_photo_ids(request)
    errors: list[str] = []
    room = MAX_PHOTOS - len(ids)
    if len(files) > room:
        errors.append(_("At most %(n)s photos, please.") % {"n": MAX_PHOTOS})
        files = files[: max(room, 0)]
    for f in files:
        try:
            stored = store_upload(f, user=request.user, unit=unit, purpose=purpose, request=request)
        except ValidationError as exc:
            errors.append(f"{f.name}: {' '.join(exc.messages)}")
        except PermissionDenied:
            errors.append(_("%(name)s: you may not upload for this unit.") % {"name": f.name})
        else:
            ids.append(str(stored.pk))
    return ids, errors


def map_settings() -> dict:
    """The base map of a ledger map (zhengzhi/static/zhengzhi/basemap.js)."""
    return {"basemap": basemap.map_settings()}


def route_url() -> str:
    return reverse("api:route")
