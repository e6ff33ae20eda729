"""Categories ship as a data file (data/categories.json); the office edits them afterwards."""

from __future__ import annotations

import json
from pathlib import Path

from django.db import transaction

from zhengzhi.audit.services import record
from zhengzhi.ledger.models import Category, LimitUnit
from zhengzhi.org.models import Unit, UnitKind

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
