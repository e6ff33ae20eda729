"""A report from the public becomes a ledger problem, with a tracking code for the citizen.

`submit_report` is the one way in, for the citizen's page (/report) and the Open311 POST alike:
it checks the input (cheap checks first, nothing written until all pass), records the problem
(source public, awaiting registration, no staff actor), stores the photos through
files.store_upload (which re-encodes them, so their EXIF data with the phone's position is gone),
keeps the reporter's identity encrypted, and writes the audit rows, in one transaction.

The same submission sent twice (a double tap, a client retrying a POST whose answer it lost)
carries the same client token and gets the first report back, even when both arrive at once.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zhengzhi.audit.services import record
from zhengzhi.files.models import FileKind, StoredFile
from zhengzhi.files.services import clean_name, media_root, store_upload
from zhengzhi.ledger.models import Category, Source
from zhengzhi.ledger.services.errors import MoveError
from zhengzhi.ledger.services.intake import report_problem
from zhengzhi.public import crypto
from zhengzhi.public.errors import PublicReportError
from zhengzhi.public.models import Channel, PublicReport
from zhengzhi.territory import routing

PHOTO_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp", ".heic", ".gif")

MAX_DESCRIPTION = 2000
MAX_ADDRESS = 200
MAX_NAME = 40
MAX_EMAIL = 254
MAX_MEDIA_URLS = 6
MAX_ATTRIBUTES = 50
TOKEN_RE = re.compile(r"^[A-Za-z0-9_.:-]{1,64}$")
# Digits with the usual separators: 13812341234, +86 138-1234-1234, 0571-8888 8888.
PHONE_RE = re.compile(r"^\+?[0-9][0-9 ()-]{5,24}$")

SOURCE_OF_CHANNEL = {
    Channel.WEB: Source.PUBLIC,
    Channel.OPEN311: Source.PUBLIC,
    Channel.HOTLINE: Source.HOTLINE,
}


def public_categories():
    """The sub-categories a citizen may choose, with their main category."""
    return (
        Category.objects.filter(is_public=True, is_active=True, parent__isnull=False)
        .select_related("parent")
        .order_by("parent__sort", "parent__code", "sort", "code")
    )


def _text(value: Any, field: str, limit: int, label) -> str:
    text = "" if value is None else str(value)
    if "\x00" in text:
        raise PublicReportError(_("Null characters are not allowed."), "invalid", field)
    text = text.strip()
    if len(text) > limit:
        raise PublicReportError(
            _("%(what)s is too long: at most %(limit)d characters.")
            % {"what": label, "limit": limit},
            "invalid",
            field,
        )
    return text


def _category(category) -> Category:
    if isinstance(category, Category):
        found: Category | None = category
    elif isinstance(category, int) or (isinstance(category, str) and category.strip()):
        key = str(category).strip()
        found = Category.objects.filter(code=key).first()
        if found is None and key.isdigit() and len(key) < 19:
            found = Category.objects.filter(pk=int(key)).first()
    else:
        found = None
    if found is None or not (found.is_public and found.is_active and found.parent_id):
        raise PublicReportError(
            _("Choose one of the kinds of problem listed."), "invalid_category", "category"
        )
    return found


def _coordinate(value: Any) -> float | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise PublicReportError(
            _("The position is not a pair of numbers (longitude, latitude)."), "invalid", "place"
        ) from None
    if not math.isfinite(number):
        raise PublicReportError(_("The position is not a valid position."), "invalid", "place")
    return number


def _point(lon: Any, lat: Any) -> tuple[float | None, float | None]:
    x, y = _coordinate(lon), _coordinate(lat)
    if (x is None) != (y is None):
        raise PublicReportError(
            _("The position needs both a longitude and a latitude."), "invalid", "place"
        )
    if x is None or y is None:
        return None, None
    if not (-180 <= x <= 180 and -90 <= y <= 90):
        raise PublicReportError(_("The position is not a valid position."), "invalid", "place")
    return x, y


def _check_in_area(lon: float, lat: float) -> None:
    try:
        where = routing.resolve_point(lon, lat)
    except ValueError:
        raise PublicReportError(
            _("The position is not a valid position."), "invalid", "place"
        ) from None
    if where.unit_id is None:
        raise PublicReportError(
            _(
                "This place is outside the area we look after. Please check the point on the "
                "map, or report it to the local government there."
            ),
            "out_of_area",
            "place",
        )


def phone_is_valid(phone: str) -> bool:
    """Digits (with +, spaces, brackets or dashes between), at least seven of them."""
    return bool(PHONE_RE.match(phone)) and sum(c.isdigit() for c in phone) >= 7


def _identity(name: Any, phone: Any, email: Any) -> tuple[str, str, str]:
    name = _text(name, "name", MAX_NAME, _("The name"))
    phone = _text(phone, "phone", 30, _("The phone number"))
    if phone and not phone_is_valid(phone):
        raise PublicReportError(
            _("The phone number should be digits only, e.g. 13812345678."), "invalid", "phone"
        )
    email = _text(email, "email", MAX_EMAIL, _("The e-mail address"))
    if email:
        try:
            validate_email(email)
        except ValidationError:
            raise PublicReportError(
                _("The e-mail address is not valid."), "invalid", "email"
            ) from None
    return name, phone, email


def _check_photos(photos: Sequence) -> None:
    if len(photos) > settings.PUBLIC_MAX_PHOTOS:
        raise PublicReportError(
            _("At most %(n)d photos, please.") % {"n": settings.PUBLIC_MAX_PHOTOS},
            "too_many_photos",
            "photos",
        )
    for i, photo in enumerate(photos, start=1):
        size = getattr(photo, "size", None)
        if not size:
            raise PublicReportError(
                _("Photo %(n)d is empty; please take it again.") % {"n": i}, "bad_photo", "photos"
            )
        if size > settings.PUBLIC_PHOTO_MAX_BYTES:
            raise PublicReportError(
                _("Photo %(n)d is too large (%(size)s); the limit is %(limit)s.")
                % {
                    "n": i,
                    "size": filesizeformat(size),
                    "limit": filesizeformat(settings.PUBLIC_PHOTO_MAX_BYTES),
                },
                "bad_photo",
                "photos",
            )


def _attributes(attributes: Any) -> dict:
    if attributes is None:
        return {}
    if not isinstance(attributes, dict) or len(attributes) > MAX_ATTRIBUTES:
        raise PublicReportError(_("The answers to the questions are malformed."), "invalid")
    clean: dict[str, Any] = {}
    for key, value in attributes.items():
        key = _text(key, "attributes", 100, _("A question's code"))
        values = value if isinstance(value, list) else [value]
        if len(values) > MAX_ATTRIBUTES:
            raise PublicReportError(_("The answers to the questions are malformed."), "invalid")
        texts = [_text(v, "attributes", 1000, _("An answer")) for v in values]
        clean[key] = texts if isinstance(value, list) else texts[0]
    return clean


def _media_urls(media_urls: Iterable | None) -> list[str]:
    urls = [_text(u, "media_url", 500, _("A media link")) for u in (media_urls or [])]
    urls = [u for u in urls if u]
    if len(urls) > MAX_MEDIA_URLS:
        raise PublicReportError(
            _("At most %(n)d media links, please.") % {"n": MAX_MEDIA_URLS}, "invalid", "media_url"
        )
    for url in urls:
        if not url.lower().startswith(("http://", "https://")):
            raise PublicReportError(_("A media link must start with http(s)://."), "invalid")
    return urls


def _existing(client_token: str) -> PublicReport | None:
    if not client_token:
        return None
    return PublicReport.objects.select_related("problem").filter(client_token=client_token).first()


def submit_report(
    *,
    category,
    description: str,
    lon=None,
    lat=None,
    address: str = "",
    photos: Sequence = (),
    kept_photos: Sequence[StoredFile] = (),
    name: str = "",
    phone: str = "",
    email: str = "",
    wants_updates: bool = True,
    client_token: str = "",
    channel: str = Channel.WEB,
    attributes: dict | None = None,
    media_urls: Iterable | None = None,
    api_client: str = "",
    request=None,
) -> tuple[PublicReport, bool]:
    """Records a report; returns it and whether it is new (False: this client token was seen
    before, and the first report is returned unchanged). Raises PublicReportError."""
    client_token = _text(client_token, "client_token", 200, "client token")
    if client_token and not TOKEN_RE.match(client_token):
        raise PublicReportError(_("The submission token is malformed."), "invalid")
    if channel not in SOURCE_OF_CHANNEL:
        raise PublicReportError(_("Unknown channel."), "invalid")
    found = _existing(client_token)
    if found is not None:
        return found, False

    cat = _category(category)
    description = _text(description, "description", MAX_DESCRIPTION, _("The description"))
    if not description:
        raise PublicReportError(_("Please describe the problem."), "no_description", "description")
    address = _text(address, "address", MAX_ADDRESS, _("The address"))
    x, y = _point(lon, lat)
    if x is None and not address:
        raise PublicReportError(
            _("Give the place: tap the map, use your location, or type an address."),
            "no_place",
            "place",
        )
    if x is not None and y is not None:
        _check_in_area(x, y)
    name, phone, email = _identity(name, phone, email)
    photos = list(photos or ())
    kept_photos = list(kept_photos or ())
    _check_photos([*kept_photos, *photos])
    clean_attributes = _attributes(attributes)
    urls = _media_urls(media_urls)
    api_client = _text(api_client, "api_client", 100, "API client")

    stored: list[StoredFile] = []
    try:
        with transaction.atomic():
            report = _create(
                category=cat,
                description=description,
                lon=x,
                lat=y,
                address=address,
                photos=photos,
                kept_photos=kept_photos,
                stored=stored,
                name=name,
                phone=phone,
                email=email,
                wants_updates=bool(wants_updates),
                client_token=client_token,
                channel=channel,
                attributes=clean_attributes,
                media_urls=urls,
                api_client=api_client,
                request=request,
            )
    except IntegrityError:
        _remove_files(stored)
        found = _existing(client_token)  # the same token, committed by a parallel request
        if found is not None:
            return found, False
        raise
    except BaseException:
        _remove_files(stored)
        raise
    return report, True


def _create(
    *,
    category: Category,
    photos: list,
    kept_photos: list[StoredFile],
    stored: list[StoredFile],
    name: str,
    phone: str,
    email: str,
    channel: str,
    request,
    **fields,
) -> PublicReport:
    now = timezone.now()
    try:
        problem = report_problem(
            actor=None,
            source=SOURCE_OF_CHANNEL[Channel(channel)],
            category=category,
            description=fields["description"],
            lon=fields["lon"],
            lat=fields["lat"],
            address=fields["address"],
            reported_at=now,
            request=request,
        )
    except MoveError as exc:
        raise PublicReportError(exc.message, "invalid") from None
    report = PublicReport.objects.create(
        problem=problem,
        channel=channel,
        submitted_at=now,
        name_enc=crypto.encrypt(name),
        phone_enc=crypto.encrypt(phone),
        email_enc=crypto.encrypt(email),
        name_masked=crypto.mask_name(name)[:40],
        phone_masked=crypto.mask_phone(phone)[:20],
        has_contact=bool(phone or email),
        wants_updates=fields["wants_updates"],
        client_token=fields["client_token"],
        attributes=fields["attributes"],
        media_urls=fields["media_urls"],
        api_client=fields["api_client"],
    )
    if kept_photos:  # sent with an earlier, refused try of the same form (public.kept)
        StoredFile.objects.filter(
            pk__in=[f.pk for f in kept_photos], owner_type__isnull=True, uploaded_by__isnull=True
        ).update(
            owner_type=ContentType.objects.get_for_model(problem),
            owner_id=problem.pk,
            unit=problem.owner_unit,
            purpose="before",
        )
    for i, photo in enumerate(photos, start=len(kept_photos) + 1):
        # A phone's file name can carry the reporter ("张三家门口.jpg"), and the unit sees the
        # stored name: the report's photos are named by their number alone.
        chosen = clean_name(getattr(photo, "name", "") or "")  # for the error message only
        suffix = Path(getattr(photo, "name", "") or "").suffix.lower()[:6]
        photo.name = f"photo-{i}{suffix if suffix in PHOTO_SUFFIXES else '.jpg'}"
        try:
            stored.append(
                store_upload(
                    photo,
                    user=None,
                    unit=problem.owner_unit,
                    owner=problem,
                    allowed=(FileKind.IMAGE,),
                    purpose="before",
                    request=request,
                )
            )
        except ValidationError as exc:
            raise PublicReportError(
                _("Photo %(n)d (%(name)s): %(reason)s Please choose another photo.")
                % {"n": i, "name": chosen, "reason": exc.messages[0]},
                "bad_photo",
                "photos",
            ) from None
    record(
        "public.report",
        obj=report,
        unit_id=problem.owner_unit_id,
        request=request,
        data={
            "problem": problem.number,
            "channel": channel,
            "category": category.code,
            "photos": len(kept_photos) + len(stored),
            "kept_photos": [str(f.pk) for f in kept_photos],
            "has_name": bool(name),
            "has_contact": report.has_contact,
            "api_client": report.api_client,
        },
    )
    return report


def _remove_files(stored: list[StoredFile]) -> None:
    """Files written for a report that was not saved after all: nothing refers to them."""
    for f in stored:
        for relative in (f.path, f.thumb_path):
            if relative:
                (media_root() / relative).unlink(missing_ok=True)
