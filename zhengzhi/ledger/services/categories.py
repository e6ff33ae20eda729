"""Categories ship as a data file (data/categories.json); the office edits them afterwards."""

from __future__ import annotations

import hashlib
import json
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from zhengzhi.audit.services import record
from zhengzhi.core.roles import Role
from zhengzhi.ledger.models import Category, LimitUnit, Priority
from zhengzhi.ledger.models.categories import limit_text
from zhengzhi.org.models import Unit, UnitKind
from zhengzhi.org.scope import scope_for

DATA_FILE = Path(__file__).resolve().parent.parent / "data" / "categories.json"


def _department(name: str) -> Unit | None:
    if not name:
        return None
    return Unit.objects.filter(kind=UnitKind.DEPARTMENT, name=name, is_active=True).first()


def _check_stages(stages: list[dict], where: str) -> None:
    if not stages:
        raise ValueError(f"{where}: at least one time limit stage is needed")
    for s in stages:
        if s.get("unit") not in LimitUnit.values or float(s.get("amount", 0)) <= 0:
            raise ValueError(f"{where}: bad stage {s}")


@transaction.atomic
def load_categories(path: Path = DATA_FILE, *, update: bool = False, actor=None) -> dict:
    """Creates missing categories; with update=True also overwrites existing ones (an office's
    own edits are kept otherwise). Returns counts."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    created = updated = 0
    for main in data["categories"]:
        dept = _department(main.get("department", ""))
        parent, made = _upsert(
            main["code"],
            update,
            name=main["name"],
            kind=main["kind"],
            department=dept,
            sort=main.get("sort", 0),
            parent=None,
        )
        created, updated = created + made[0], updated + made[1]
        for i, sub in enumerate(main["children"]):
            _check_stages(sub["stages"], sub["code"])
            verify = sub.get("verify", {"amount": 1, "unit": LimitUnit.WORK_DAYS})
            _, made = _upsert(
                sub["code"],
                update,
                name=sub["name"],
                kind=main["kind"],
                parent=parent,
                department=_department(sub.get("department", "")) or dept,
                stages=sub["stages"],
                priority=sub.get("priority", 3),
                is_public=sub.get("is_public", False),
                register_condition=sub.get("register_condition", ""),
                close_standard=sub.get("close_standard", ""),
                close_items=sub.get("close_items")
                or close_items_from(sub.get("close_standard", "")),
                verify_amount=verify["amount"],
                verify_unit=verify["unit"],
                sort=main.get("sort", 0) + i + 1,
            )
            created, updated = created + made[0], updated + made[1]
    if created or updated:
        record(
            "category.load",
            actor=actor,
            object_type="ledger.category",
            data={"created": created, "updated": updated, "file": Path(path).name},
        )
    return {"created": created, "updated": updated}


def _upsert(code: str, update: bool, **fields) -> tuple[Category, tuple[int, int]]:
    existing = Category.objects.filter(code=code).first()
    if existing is None:
        return Category.objects.create(code=code, **fields), (1, 0)
    if update:
        for key, value in fields.items():
            setattr(existing, key, value)
        existing.save()
        return existing, (0, 1)
    return existing, (0, 0)


# ---- the office's edits ----------------------------------------------------------------------
# A sub-category's limits are read when a problem is dispatched (handling stages) or reported
# back (verification): a change applies to problems from then on, deadlines already set stay.

MAX_STAGES = 6
MAX_AMOUNT: dict[str, int] = {
    LimitUnit.URGENT_HOURS: 720,
    LimitUnit.WORK_HOURS: 2000,
    LimitUnit.WORK_DAYS: 365,
}
EDITABLE = (
    "name",
    "department",
    "register_condition",
    "close_standard",
    "close_items",
    "stages",
    "verify_amount",
    "verify_unit",
    "priority",
    "is_public",
    "is_active",
)


@dataclass
class CategoryData:
    """What the office sets on a sub-category. `stages`: [{"name", "amount", "unit"}, ...]."""

    name: str
    department: Unit | None = None
    register_condition: str = ""
    close_standard: str = ""
    close_items: list[str] = field(default_factory=list)
    stages: list[dict[str, Any]] = field(default_factory=list)
    verify_amount: float = 1
    verify_unit: str = LimitUnit.WORK_DAYS
    priority: int = Priority.NORMAL
    is_public: bool = False
    is_active: bool = True


MAX_CLOSE_ITEMS = 12
MAX_CLOSE_ITEM = 100


def close_items_from(text: str) -> list[str]:
    """The items of a close standard written as one sentence ("垃圾清理干净，无残留")."""
    return clean_close_items(re.split(r"[，,；;。\n]+", text or ""))


def clean_close_items(items: list[str]) -> list[str]:
    out: list[str] = []
    for item in items:
        text = " ".join(str(item).split())[:MAX_CLOSE_ITEM]
        if text and text not in out:
            out.append(text)
    return out[:MAX_CLOSE_ITEMS]


def limit_error(amount: Any, unit: str) -> str | None:
    if unit not in LimitUnit.values:
        return _("Choose the unit of the time limit.")
    try:
        value = float(amount)
    except (TypeError, ValueError):
        return _("Give the time limit as a number.")
    if not math.isfinite(value) or value <= 0:
        return _("A time limit must be more than 0.")
    if value > MAX_AMOUNT[unit]:
        return _("At most %(limit)s.") % {"limit": limit_text(MAX_AMOUNT[unit], unit)}
    if unit == LimitUnit.WORK_DAYS and value != int(value):
        return _("Working days are counted whole: give a whole number.")
    return None


def name_taken(parent: Category, name: str, instance: Category | None = None) -> bool:
    siblings = Category.objects.filter(parent=parent, name=name.strip())
    if instance is not None:
        siblings = siblings.exclude(pk=instance.pk)
    return siblings.exists()


def category_errors(
    data: CategoryData, *, parent: Category, instance: Category | None = None
) -> dict[str, list[str]]:
    """{field: [reason, ...]} for a sub-category the office may not save; `stages` reasons name
    the row ("Stage 2: ...")."""
    errors: dict[str, list[str]] = {}

    def add(name: str, message: str) -> None:
        errors.setdefault(name, []).append(str(message))

    name = data.name.strip()
    if not name:
        add("name", _("Give the sub-category a name."))
    elif len(name) > Category._meta.get_field("name").max_length:  # type: ignore[operator]
        add("name", _("At most 60 characters."))
    else:
        if name_taken(parent, name, instance):
            add(
                "name",
                _("%(main)s already has a sub-category with this name.") % {"main": parent.name},
            )
    dept = data.department
    kept = instance is not None and dept is not None and instance.department_id == dept.pk
    if dept is not None and not kept and (dept.kind != UnitKind.DEPARTMENT or not dept.is_active):
        add("department", _("Choose an active department."))
    if not data.stages:
        add("stages", _("Give at least one handling time limit."))
    if len(data.stages) > MAX_STAGES:
        add("stages", _("At most %(n)s stages.") % {"n": MAX_STAGES})
    for i, stage in enumerate(data.stages, start=1):
        reason = limit_error(stage.get("amount"), stage.get("unit", ""))
        if reason is None and len(str(stage.get("name", ""))) > 20:
            reason = _("A stage name has at most 20 characters.")
        if reason is None and len(data.stages) > 1 and not str(stage.get("name", "")).strip():
            reason = _("Name each stage when there are several (e.g. 围挡, 抢修, 恢复路面).")
        if reason:
            add("stages", _("Stage %(n)s: %(reason)s") % {"n": i, "reason": reason})
    reason = limit_error(data.verify_amount, data.verify_unit)
    if reason:
        add("verify_amount", reason)
    if data.priority not in Priority.values:
        add("priority", _("Choose a priority."))
    return errors


def fingerprint(category: Category) -> str:
    """A short digest of the editable values: a form carries it, and a save over someone
    else's newer change is refused."""
    values = {name: getattr(category, name) for name in EDITABLE if name != "department"}
    values["department"] = category.department_id
    raw = json.dumps(values, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(raw.encode()).hexdigest()[:16]


def _check_office(actor) -> None:
    if not (actor.has_role(Role.OFFICE_ADMIN) and scope_for(actor).can_write):
        raise PermissionDenied(_("Only the office administrator edits the problem categories."))


def _clean_stages(stages: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out = []
    for s in stages:
        amount = float(s["amount"])
        out.append(
            {
                "name": str(s.get("name", "")).strip(),
                "amount": int(amount) if amount == int(amount) else amount,
                "unit": s["unit"],
            }
        )
    return out


def _apply(category: Category, data: CategoryData) -> None:
    category.name = data.name.strip()
    category.department = data.department
    category.register_condition = data.register_condition.strip()
    category.close_standard = data.close_standard.strip()
    category.close_items = clean_close_items(data.close_items)
    category.stages = _clean_stages(data.stages)
    verify = float(data.verify_amount)
    category.verify_amount = verify
    category.verify_unit = data.verify_unit
    category.priority = data.priority
    category.is_public = data.is_public
    category.is_active = data.is_active


def _snapshot(category: Category) -> dict[str, Any]:
    values = {name: getattr(category, name) for name in EDITABLE}
    values["department"] = category.department.name if category.department else None
    return values


def _diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    return {k: [before[k], after[k]] for k in EDITABLE if before[k] != after[k]}


@transaction.atomic
def update_category(
    category: Category,
    data: CategoryData,
    *,
    actor,
    seen: str | None = None,
    request=None,
) -> Category:
    """The office changes a sub-category. `seen` is the fingerprint the form was opened with:
    a save over another administrator's change is refused. One audit row holds what changed."""
    _check_office(actor)
    # Only the category's row is locked (FOR UPDATE may not reach across an outer join).
    category = (
        Category.objects.select_for_update(of=("self",))
        .select_related("department")
        .get(pk=category.pk)
    )
    if category.parent_id is None:
        raise ValidationError(_("Only sub-categories are edited here."))
    if seen is not None and seen != fingerprint(category):
        raise ValidationError(
            _(
                "Someone else changed this category since you opened it. Your entries are "
                "kept below: compare them with the current values and save again."
            ),
            code="stale",
        )
    parent = Category.objects.get(pk=category.parent_id)
    errors = category_errors(data, parent=parent, instance=category)
    if errors:
        raise ValidationError(errors)
    before = _snapshot(category)
    _apply(category, data)
    diff = _diff(before, _snapshot(category))
    if diff:
        category.save()
        record(
            "category.update",
            actor=actor,
            obj=category,
            object_repr=f"{category.code} {parent.name}/{category.name}",
            request=request,
            data=diff,
        )
    return category


def next_code(parent: Category) -> str:
    """The next free code under a main category: 0401 → 0406 after 0405."""
    width = 2
    taken = set(Category.objects.filter(parent=parent).values_list("code", flat=True))
    n = 1
    for code in taken:
        tail = code[len(parent.code) :]
        if code.startswith(parent.code) and tail.isdigit():
            n = max(n, int(tail) + 1)
            width = max(width, len(tail))
    while (
        f"{parent.code}{n:0{width}d}" in taken
        or Category.objects.filter(code=f"{parent.code}{n:0{width}d}").exists()
    ):
        n += 1
    return f"{parent.code}{n:0{width}d}"


@transaction.atomic
def create_category(parent: Category, data: CategoryData, *, actor, request=None) -> Category:
    """The office adds a sub-category under a main category; its code is the next free one."""
    _check_office(actor)
    # Two administrators adding under the same main category at once queue here.
    parent = Category.objects.select_for_update().get(pk=parent.pk)
    if parent.parent_id is not None:
        raise ValidationError(_("A sub-category is added under a main category."))
    errors = category_errors(data, parent=parent)
    if errors:
        raise ValidationError(errors)
    last = Category.objects.filter(parent=parent).order_by("-sort").values_list("sort", flat=True)
    category = Category(
        code=next_code(parent),
        parent=parent,
        kind=parent.kind,
        sort=(last.first() or parent.sort) + 1,
    )
    _apply(category, data)
    category.save()
    record(
        "category.create",
        actor=actor,
        obj=category,
        object_repr=f"{category.code} {parent.name}/{category.name}",
        request=request,
        data={"code": category.code, "parent": parent.code, **_snapshot(category)},
    )
    return category
