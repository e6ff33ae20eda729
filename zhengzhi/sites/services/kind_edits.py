"""The office's own changes to a site kind (its fields, licence, supervising departments).
A shipped kind the office edits becomes theirs: the data file no longer overwrites it."""

from __future__ import annotations

import re
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from zhengzhi.audit.services import record
from zhengzhi.org.models import Unit, UnitKind
from zhengzhi.sites.kinds import DeclarationError, parse_fields
from zhengzhi.sites.models import SiteKind
from zhengzhi.sites.services.errors import SiteError
from zhengzhi.sites.services.kinds import COPIED

KIND_CODE = re.compile(r"^[a-z][a-z0-9_]{1,39}$")
EDITABLE = (*COPIED, "is_active")  # what the data file ships, and whether in use


def _check_perimeter(perimeter: Any) -> None:
    if not perimeter:
        return
    if not isinstance(perimeter, dict):
        raise SiteError(_("The perimeter must be an object."), "perimeter")
    distance = perimeter.get("distance_m")
    kinds = perimeter.get("kinds")
    if not isinstance(distance, int | float) or isinstance(distance, bool) or distance <= 0:
        raise SiteError(_("The perimeter needs a distance in metres."), "perimeter")
    if not isinstance(kinds, list) or not all(isinstance(k, str) for k in kinds):
        raise SiteError(_("The perimeter needs a list of kind codes."), "perimeter")
    unknown = set(kinds) - set(
        SiteKind.objects.filter(code__in=kinds).values_list("code", flat=True)
    )
    if unknown:
        raise SiteError(
            _("Unknown kinds in the perimeter: %(codes)s") % {"codes": ", ".join(sorted(unknown))},
            "perimeter",
        )


@transaction.atomic
def update_kind(
    actor,
    kind_id: int,
    *,
    values: dict[str, Any],
    department_ids: list[int] | None = None,
    request=None,
) -> SiteKind:
    """Changes the given attributes of a kind; the declarations are checked before anything is
    written (a kind whose fields cannot be read would break its sites' forms and imports)."""
    kind = SiteKind.objects.select_for_update().get(pk=kind_id)
    if "fields" in values:
        try:
            parse_fields(values["fields"])
        except DeclarationError as exc:
            raise SiteError(str(exc), "fields") from None
    if "perimeter" in values:
        _check_perimeter(values["perimeter"])
    if "name" in values and not str(values["name"]).strip():
        raise SiteError(_("A kind needs its name."), "name")
    changed: dict[str, list] = {}
    for key, value in values.items():
        if key not in EDITABLE:
            raise SiteError(_("Unknown attribute %(key)s.") % {"key": key}, key)
        if getattr(kind, key) != value:
            changed[key] = [getattr(kind, key), value]
            setattr(kind, key, value)
    if department_ids is not None:
        wanted = set(
            Unit.objects.filter(pk__in=department_ids, kind=UnitKind.DEPARTMENT).values_list(
                "id", flat=True
            )
        )
        if wanted != set(department_ids):
            raise SiteError(_("Only departments may supervise a kind."), "departments")
        before = set(kind.departments.values_list("id", flat=True))
        if before != wanted:
            changed["departments"] = [sorted(before), sorted(wanted)]
            kind.departments.set(wanted)
    if not changed:
        return kind
    if kind.shipped:
        kind.edited = True
    kind.save()
    record("sites.kind.updated", actor=actor, obj=kind, data={"changes": changed}, request=request)
    return kind


@transaction.atomic
def create_kind(
    actor, *, code: str, values: dict[str, Any], department_ids: list[int], request=None
) -> SiteKind:
    """An office's own kind (not shipped: the data file never touches it)."""
    code = (code or "").strip()
    if not KIND_CODE.match(code):
        raise SiteError(_("The code must be lower-case letters, digits and underscores."), "code")
    if SiteKind.objects.filter(code=code).exists():
        raise SiteError(
            _("There is already a kind with the code %(code)s.") % {"code": code}, "code"
        )
    kind = SiteKind.objects.create(code=code, name=str(values.get("name") or code))
    record("sites.kind.created", actor=actor, obj=kind, data={"code": code}, request=request)
    return update_kind(
        actor, kind.pk, values=values, department_ids=department_ids, request=request
    )
