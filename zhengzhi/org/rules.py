"""The rules a unit must satisfy. One place, used by the unit form, the API and the Excel import,
so a unit the importer accepts is exactly a unit the form would accept."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from zhengzhi.org.models import DIVISION_CODE_LENGTH, TerritoryLevel, Unit, UnitKind
from zhengzhi.org.registry import deactivation_blocker_fns, unit_checks

CODE_RE = re.compile(r"^[-a-zA-Z0-9_]+$")
DIGITS_RE = re.compile(r"^[0-9]+$")

# The territory level a parent must have, per level of the child (GB/T 30428 hierarchy).
PARENT_LEVEL = {
    TerritoryLevel.STREET: TerritoryLevel.DISTRICT,
    TerritoryLevel.COMMUNITY: TerritoryLevel.STREET,
}

UNIT_FIELDS = ("name", "code", "kind", "level", "division_code", "phone", "address")


@dataclass
class UnitData:
    """What a unit should look like. `parent` may be an unsaved Unit (a row earlier in the same
    import file); only its kind, level, division code and active flag are read."""

    name: str
    code: str
    kind: str
    level: str = ""
    division_code: str = ""
    phone: str = ""
    address: str = ""
    parent: Unit | None = None
    extra: dict = field(default_factory=dict)

    def __post_init__(self):
        for name in UNIT_FIELDS:
            value = getattr(self, name)
            setattr(self, name, "" if value is None else str(value).strip())

    def fields(self) -> dict[str, str]:
        return {name: getattr(self, name) for name in UNIT_FIELDS}


def validate_unit(
    data: UnitData,
    *,
    instance: Unit | None = None,
    check_database: bool = True,
) -> dict[str, list[str]]:
    """All the reasons `data` cannot be saved (as a new unit, or over `instance`), by field.

    An empty dict means it is valid. Uniqueness is checked against the database (excluding
    `instance`) unless `check_database` is False (the importer checks its own file first and
    then the database itself, to name the row that collides)."""
    errors: dict[str, list[str]] = {}

    def add(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    if not data.name:
        add("name", _("A name is required."))
    elif len(data.name) > 100:
        add("name", _("The name is longer than 100 characters."))

    if not data.code:
        add("code", _("A code is required."))
    elif len(data.code) > 40 or not CODE_RE.match(data.code):
        add(
            "code",
            _("The code may have up to 40 letters, digits, hyphens and underscores, no spaces."),
        )
    elif check_database and _taken(Unit.objects.filter(code=data.code), instance):
        add("code", _("Another unit already has the code %(code)s.") % {"code": data.code})

    if data.kind not in UnitKind.values:
        add("kind", _("Choose a kind: department, territory, leading group or office."))
    elif data.kind == UnitKind.TERRITORY:
        _check_territory(data, instance, add, check_database)
    else:
        if data.level:
            add("level", _("Only territories have a level."))
        if data.division_code:
            add("division_code", _("Only territories have a division code."))

    if len(data.phone) > 40:
        add("phone", _("The phone number is longer than 40 characters."))
    if len(data.address) > 200:
        add("address", _("The address is longer than 200 characters."))

    _check_parent(data, instance, add)
    for check in unit_checks():  # the layers above: territory's grids
        check(data, instance, add)
    if instance is not None and instance.pk and instance.numchild:
        for name in ("kind", "level", "division_code"):
            if getattr(instance, name) != getattr(data, name):
                add(
                    name,
                    _(
                        "This unit has sub-units: its kind, level and division code cannot "
                        "change. Move or change the sub-units first."
                    ),
                )
    return errors


def _check_territory(data: UnitData, instance, add, check_database: bool) -> None:
    if data.level not in TerritoryLevel.values:
        add("level", _("A territory needs a level: district, street/town or community/village."))
        return
    length = DIVISION_CODE_LENGTH[TerritoryLevel(data.level)]
    if not data.division_code:
        add("division_code", _("A territory needs its division code."))
    elif not DIGITS_RE.match(data.division_code) or len(data.division_code) != length:
        add(
            "division_code",
            _("The division code of a %(level)s has %(n)d digits.")
            % {"level": TerritoryLevel(data.level).label, "n": length},
        )
    else:
        parent = data.parent
        if (
            parent is not None
            and parent.kind == UnitKind.TERRITORY
            and parent.division_code
            and not data.division_code.startswith(parent.division_code)
        ):
            add(
                "division_code",
                _("The division code must start with the parent's division code %(code)s.")
                % {"code": parent.division_code},
            )
        if check_database and _taken(
            Unit.objects.filter(division_code=data.division_code), instance
        ):
            add(
                "division_code",
                _("Another unit already has the division code %(code)s.")
                % {"code": data.division_code},
            )


def _check_parent(data: UnitData, instance, add) -> None:
    parent = data.parent
    if data.kind == UnitKind.TERRITORY and data.level in TerritoryLevel.values:
        level = TerritoryLevel(data.level)
        wanted = PARENT_LEVEL.get(level)
        if wanted is None:
            if parent is not None and parent.kind == UnitKind.TERRITORY:
                add(
                    "parent",
                    _("A district is the top of the territory tree: it has no territory above it."),
                )
        elif parent is None or parent.kind != UnitKind.TERRITORY or parent.level != wanted:
            add(
                "parent",
                _("The parent of a %(level)s must be a %(parent_level)s.")
                % {"level": level.label, "parent_level": TerritoryLevel(wanted).label},
            )
    if parent is None:
        return
    moving = instance is None or not instance.pk or _parent_path(instance) != (parent.path or None)
    if moving and not parent.is_active:
        add("parent", _("The parent unit is deactivated."))
    if (
        instance is not None
        and instance.pk
        and parent.path
        and parent.path.startswith(instance.path)
    ):
        add("parent", _("A unit cannot be placed under itself or one of its sub-units."))


def _parent_path(unit: Unit) -> str | None:
    return unit.path[: -unit.steplen] or None


def _taken(qs, instance) -> bool:
    if instance is not None and instance.pk:
        qs = qs.exclude(pk=instance.pk)
    return qs.exists()


def deactivation_blockers(unit: Unit) -> list[str]:
    """Why `unit` cannot be deactivated now (empty when it can)."""
    reasons = []
    users = unit.users.filter(is_active=True).count()
    if users:
        reasons.append(
            ngettext(
                "It has %(n)d active user: move or deactivate the user first.",
                "It has %(n)d active users: move or deactivate them first.",
                users,
            )
            % {"n": users}
        )
    for blocker in deactivation_blocker_fns():  # the layers above: territory's grids
        reasons += blocker(unit)
    children = Unit.objects.get_children(unit).filter(is_active=True).count()
    if children:
        reasons.append(
            ngettext(
                "It has %(n)d active sub-unit: deactivate it first.",
                "It has %(n)d active sub-units: deactivate them first.",
                children,
            )
            % {"n": children}
        )
    return reasons


def raise_if_invalid(errors: dict[str, list[str]]) -> None:
    if errors:
        raise ValidationError(errors)
