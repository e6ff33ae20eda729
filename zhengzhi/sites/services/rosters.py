"""Roster imports (花名册): who may import which kind, the column mapping saved per kind, and
the import itself, all or nothing (checking: zhengzhi.sites.importing)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from zhengzhi.audit.services import record
from zhengzhi.core.roles import Role
from zhengzhi.org.models import Unit, UnitKind
from zhengzhi.org.scope import scope_for
from zhengzhi.sites.importing.checking import check_sheet
from zhengzhi.sites.importing.columns import is_template, kind_fields, propose
from zhengzhi.sites.importing.plan import Plan, RowError
from zhengzhi.sites.importing.reading import Sheet
from zhengzhi.sites.importing.writing import RosterChanged, write_plan
from zhengzhi.sites.models import ColumnMapping, RosterImport, SiteKind, Survey
from zhengzhi.sites.scope import supervised_kind_ids
from zhengzhi.sites.services.errors import SiteError

# Roles that may import for their own unit (a community, a street, a department's kinds).
IMPORTING_ROLES = (Role.HANDLER, Role.UNIT_LEADER)


@dataclass
class RosterResult:
    plan: Plan
    roster: RosterImport | None = None
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.roster is not None


def _office_wide(user) -> bool:
    return bool(user.is_superuser or user.has_role(Role.OFFICE_ADMIN))


def may_import(user, kind: SiteKind) -> bool:
    """Office administrators any kind anywhere; a community's or street's handler or leader any
    kind within its territory; a department's the kinds it supervises."""
    if not getattr(user, "is_authenticated", False) or not kind.is_active:
        return False
    scope = scope_for(user)
    if not scope.can_write:
        return False
    if _office_wide(user):
        return True
    unit = getattr(user, "unit", None)
    if unit is None or not user.has_role(*IMPORTING_ROLES):
        return False
    if unit.kind == UnitKind.TERRITORY:
        return True
    if unit.kind == UnitKind.DEPARTMENT:
        return kind.pk in supervised_kind_ids(user)
    return False


def may_import_any(user) -> bool:
    """Whether the user may import some kind (for the navigation: no query of the kinds)."""
    if not getattr(user, "is_authenticated", False) or not scope_for(user).can_write:
        return False
    if _office_wide(user):
        return True
    unit = getattr(user, "unit", None)
    if unit is None or not user.has_role(*IMPORTING_ROLES):
        return False
    if unit.kind == UnitKind.TERRITORY:
        return True
    return unit.kind == UnitKind.DEPARTMENT and bool(supervised_kind_ids(user))


def importable_kinds(user) -> list[SiteKind]:
    return [k for k in SiteKind.objects.filter(is_active=True) if may_import(user, k)]


def kinds_for(user) -> QuerySet[SiteKind]:
    return SiteKind.objects.filter(pk__in=[k.pk for k in importable_kinds(user)])


def columns_are_template(kind: SiteKind, headers: list[str]) -> bool:
    """The sheet's headers are the template's (or their English names): no mapping step."""
    return is_template(headers, kind_fields(kind))


def proposed_mapping(kind: SiteKind, headers: list[str]) -> dict[int, str]:
    saved = ColumnMapping.objects.filter(kind=kind).values_list("columns", flat=True).first()
    return propose(headers, kind_fields(kind), saved or {})


def clean_mapping(kind: SiteKind, headers: list[str], chosen: dict[int, str]) -> dict[int, str]:
    """The mapping as chosen on the page, checked: known fields only, each at most once."""
    keys = {f.key for f in kind_fields(kind)}
    out: dict[int, str] = {}
    used: dict[str, int] = {}
    for index, key in sorted(chosen.items()):
        if not key:
            continue
        if key not in keys or not 0 <= index < len(headers):
            raise SiteError(_("Unknown field in the column mapping."), "mapping")
        if key in used:
            raise SiteError(
                _("Two columns, %(a)s and %(b)s, fill the same field.")
                % {"a": headers[used[key]], "b": headers[index]},
                "mapping",
            )
        used[key] = index
        out[index] = key
    if not ({"name", "licence_number", "credit_code", "site_code"} & set(out.values())):
        raise SiteError(
            _("Choose at least the column with the site's name (or its licence number, credit"
              " code or site code to update registered sites)."),
            "mapping",
        )  # fmt: skip
    return out


@transaction.atomic
def save_mapping(
    actor, *, kind: SiteKind, headers: list[str], mapping: dict[int, str], request=None
) -> ColumnMapping:
    """Remembers which header fills which field (and which headers are not imported), to be
    proposed the next time a sheet of this kind comes in."""
    if not may_import(actor, kind):
        raise SiteError(_("You may not import sites of this kind."), "forbidden")
    mapping = clean_mapping(kind, headers, mapping)
    saved, _created = ColumnMapping.objects.get_or_create(kind=kind)
    columns = dict(saved.columns)
    for index, header in enumerate(headers):
        if header:
            columns[header] = mapping.get(index, "")
    if columns == saved.columns and not _created:
        return saved
    saved.columns = columns
    saved.updated_by = actor if getattr(actor, "is_authenticated", False) else None
    saved.save()
    record(
        "sites.roster.mapping_saved",
        actor=actor,
        obj=saved,
        object_repr=kind.name,
        data={"kind": kind.code, "columns": {headers[i]: k for i, k in mapping.items()}},
        request=request,
    )
    return saved


def check_roster(actor, *, kind: SiteKind, sheet: Sheet, mapping: dict[int, str]) -> Plan:
    """What the import would do, or every bad row; writes nothing."""
    if not may_import(actor, kind):
        raise SiteError(_("You may not import sites of this kind."), "forbidden")
    return check_sheet(actor, kind, sheet, clean_mapping(kind, sheet.headers, mapping))


def _importing_unit(actor) -> Unit:
    unit = getattr(actor, "unit", None)
    if unit is not None:
        return unit
    office = Unit.objects.filter(kind=UnitKind.OFFICE).order_by("path").first()
    if office is None:
        raise SiteError(_("Your account belongs to no unit."), "forbidden")
    return office


def import_roster(
    actor,
    *,
    kind: SiteKind,
    sheet: Sheet,
    mapping: dict[int, str],
    file_name: str,
    survey: Survey | None = None,
    now: dt.datetime | None = None,
    request=None,
) -> RosterResult:
    """Checks every row and, only if all are good, writes them in one transaction: new sites,
    changes to matched ones, their events, one RosterImport and one audit record (and the
    community's survey submission when a survey is given)."""
    from zhengzhi.sites.services import surveys

    now = now or timezone.now()
    community = None
    if survey is not None:
        community = surveys.submitting_community(actor)
        surveys.check_can_submit(actor, survey, community, kind=kind, now=now)
    plan = check_roster(actor, kind=kind, sheet=sheet, mapping=mapping)
    if not plan.ok:
        return RosterResult(plan, errors=plan.errors)
    try:
        with transaction.atomic():
            roster = RosterImport.objects.create(
                kind=kind,
                unit=_importing_unit(actor),
                by=actor if getattr(actor, "is_authenticated", False) else None,
                at=now,
                file_name=file_name[:200],
                rows=plan.rows,
                created=len(plan.new),
                updated=len(plan.updates),
                survey=survey,
            )
            write_plan(plan, actor=actor, kind=kind, roster=roster)
            record(
                "sites.roster.imported",
                actor=actor,
                obj=roster,
                object_repr=f"{kind.name} {file_name}"[:200],
                unit_id=roster.unit_id,
                data={
                    "kind": kind.code,
                    "file": file_name[:200],
                    "rows": plan.rows,
                    "created": len(plan.new),
                    "updated": len(plan.updates),
                    "unchanged": plan.unchanged,
                    "survey": survey.pk if survey else None,
                },
                request=request,
            )
            if survey is not None and community is not None:
                surveys.record_submission(
                    actor, survey, community, now=now, roster=roster, request=request
                )
    except RosterChanged as exc:
        message = _(
            "Site %(codes)s was changed by someone else while the file was checked:"
            " upload the file again."
        ) % {"codes": "、".join(exc.codes[:10])}
        return RosterResult(plan, errors=[RowError(0, "", message)])
    return RosterResult(plan, roster=roster)
