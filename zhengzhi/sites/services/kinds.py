"""Loading the shipped site kinds (data/kinds.json) and the office's own edits."""

from __future__ import annotations

import json
from pathlib import Path

from django.db import transaction

from zhengzhi.org.models import Unit, UnitKind
from zhengzhi.sites.kinds import parse_fields
from zhengzhi.sites.models import SiteKind

DATA_FILE = Path(__file__).resolve().parent.parent / "data" / "kinds.json"
COPIED = (
    "name",
    "name_en",
    "group",
    "licence_name",
    "licence_required",
    "fields",
    "perimeter",
    "sort_order",
)


@transaction.atomic
def load_site_kinds(path: Path = DATA_FILE) -> dict[str, int]:
    """Creates the kinds the file has and the database lacks, and updates shipped kinds the
    office has not edited; an edited kind is the office's and is left alone. Departments are
    linked by name when a kind is created (they are the deployment's own units)."""
    data = json.loads(path.read_text(encoding="utf-8"))
    counts = {"created": 0, "updated": 0, "kept": 0}
    departments = {u.name: u for u in Unit.objects.filter(kind=UnitKind.DEPARTMENT, is_active=True)}
    for item in data["kinds"]:
        parse_fields(item.get("fields", []))  # a bad file fails before anything is written
        values = {k: item[k] for k in COPIED if k in item}
        kind = SiteKind.objects.filter(code=item["code"]).first()
        if kind is None:
            kind = SiteKind.objects.create(code=item["code"], shipped=True, **values)
            kind.departments.set(
                [departments[n] for n in item.get("departments", []) if n in departments]
            )
            counts["created"] += 1
        elif kind.shipped and not kind.edited:
            for key, value in values.items():
                setattr(kind, key, value)
            kind.save()
            if not kind.departments.exists():  # loaded before the units existed
                kind.departments.set(
                    [departments[n] for n in item.get("departments", []) if n in departments]
                )
            counts["updated"] += 1
        else:
            counts["kept"] += 1
    return counts
