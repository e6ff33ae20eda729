"""Loading the shipped checklists (data/checklists/*.json) without overwriting the office's.

A checklist is matched by its code. One the database lacks is created with version 1; a shipped
checklist the office has not edited gets a new version when its items changed in the file (the
visits already made keep theirs); an edited one is left alone. A file naming
`from_standard` draws its items from that standard's scored table in the standards app (one
item per part, scored in bands of the part's points): the table is never copied here.

Every reference (a problem category, a standard's item or checkpoint) must exist: a bad file
fails, naming the checklist and item, before anything is written.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zhengzhi.audit.services import record
from zhengzhi.inspections.models import (
    Checklist,
    ChecklistItem,
    ChecklistVersion,
    PlaceKind,
    Scoring,
)
from zhengzhi.ledger.models import Category as ProblemCategory
from zhengzhi.standards.models import Checkpoint, StandardVersion
from zhengzhi.standards.models import Item as StandardItem

DATA_DIR = Path(__file__).resolve().parent.parent / "data" / "checklists"
ITEM_FIELDS = (
    "code",
    "section",
    "text",
    "position",
    "scoring",
    "points",
    "deduction",
    "bands",
    "photo_required",
    "problem_category_id",
    "standard_item_id",
    "checkpoint_id",
    "standard_category_id",
)


class ChecklistDataError(ValueError):
    pass


def _dec(value) -> Decimal | None:
    return None if value in (None, "") else Decimal(str(value))


def _plain(value: Decimal) -> str:
    """50.00 -> "50", 12.50 -> "12.5": the bands as the table prints them."""
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _entries(data: dict) -> list[dict]:
    """The checklists of one file: one, or several sharing `common` items (the small trades)."""
    if "checklists" not in data:
        return [data]
    shared = {k: v for k, v in data.items() if k not in ("checklists", "common")}
    return [
        {**shared, **entry, "items": [*data.get("common", []), *entry.get("items", [])]}
        for entry in data["checklists"]
    ]


class _Refs:
    """Every reference of the files, read once."""

    def __init__(self) -> None:
        self.categories = {
            c.code: c.pk for c in ProblemCategory.objects.filter(parent__isnull=False)
        }
        self.checkpoints = {
            (v, i, c): (pk, item_id)
            for pk, item_id, v, i, c in Checkpoint.objects.values_list(
                "pk",
                "item_id",
                "item__category__standard__code",
                "item__code",
                "code",
            )
        }
        self.items = {
            (v, i): pk
            for pk, v, i in StandardItem.objects.values_list(
                "pk", "category__standard__code", "code"
            )
        }

    def category(self, where: str, code: str | None) -> int | None:
        if not code:
            return None
        if code not in self.categories:
            raise ChecklistDataError(f"{where}: no problem sub-category {code!r}")
        return self.categories[code]


def _item_rows(entry: dict, refs: _Refs) -> list[dict[str, Any]]:
    rows = []
    for position, item in enumerate(entry["items"], 1):
        where = f"{entry['code']}: item {item.get('code')}"
        scoring = item.get("scoring", Scoring.PASS_FAIL)
        if scoring not in Scoring.values:
            raise ChecklistDataError(f"{where}: scoring {scoring!r}")
        points = _dec(item.get("points")) or Decimal(1)
        deduction = _dec(item.get("deduction"))
        if scoring == Scoring.DEDUCTION and not deduction:
            raise ChecklistDataError(f"{where}: a deduction item needs its deduction")
        std_item = checkpoint = None
        if std := item.get("standard"):
            key = (std["version"], std["item"])
            if std.get("checkpoint"):
                found = refs.checkpoints.get((*key, std["checkpoint"]))
                if found is None:
                    raise ChecklistDataError(f"{where}: no checkpoint {std}")
                checkpoint, std_item = found
            else:
                std_item = refs.items.get(key)
                if std_item is None:
                    raise ChecklistDataError(f"{where}: no standard item {std}")
        rows.append(
            {
                "code": item["code"],
                "section": item["section"],
                "text": item["text"],
                "position": position,
                "scoring": scoring,
                "points": points,
                "deduction": deduction,
                "bands": item.get("bands", []),
                "photo_required": item.get("photo_required", True),
                "problem_category_id": refs.category(where, item.get("category")),
                "standard_item_id": std_item,
                "checkpoint_id": checkpoint,
                "standard_category_id": None,
            }
        )
    codes = [r["code"] for r in rows]
    if len(set(codes)) != len(codes):
        raise ChecklistDataError(f"{entry['code']}: an item code is used twice")
    if not rows:
        raise ChecklistDataError(f"{entry['code']}: no items")
    return rows


def _standard_rows(entry: dict, refs: _Refs) -> tuple[list[dict[str, Any]], StandardVersion]:
    """The scored table of a standard: one item per part, in bands of the part's points."""
    code = entry["from_standard"]
    standard = StandardVersion.objects.filter(code=code).first()
    if standard is None:
        raise ChecklistDataError(f"{entry['code']}: no standard {code!r} (load the standards)")
    fractions = entry.get("bands") or [{"from": "0"}]
    rows = []
    for position, part in enumerate(standard.categories.order_by("position", "code"), 1):
        points = part.points or Decimal(0)
        bands = []
        upper = points
        for i, band in enumerate(fractions):
            low = (Decimal(str(band["from"])) * points).quantize(Decimal(1))
            bands.append(
                {
                    "min": _plain(low),
                    "max": _plain(upper),
                    "label": band.get("label", ""),
                    **({"fails": True} if band.get("fails") else {}),
                }
            )
            upper = low - 1 if i < len(fractions) - 1 else upper
        where = f"{entry['code']}: part {part.code}"
        rows.append(
            {
                "code": part.code,
                "section": part.name,
                "text": part.name,
                "position": position,
                "scoring": Scoring.POINTS,
                "points": points,
                "deduction": None,
                "bands": bands,
                "photo_required": False,
                "problem_category_id": refs.category(
                    where, entry.get("categories", {}).get(part.code)
                ),
                "standard_item_id": None,
                "checkpoint_id": None,
                "standard_category_id": part.pk,
            }
        )
    if not rows:
        raise ChecklistDataError(f"{entry['code']}: the standard {code!r} has no parts")
    return rows, standard


def _same(version: ChecklistVersion, rows: list[dict], pass_line: Decimal | None) -> bool:
    if version.pass_line != pass_line:
        return False
    have = list(version.items.order_by("position").values(*ITEM_FIELDS))
    if len(have) != len(rows):
        return False
    for old, new in zip(have, rows, strict=True):
        for field in ITEM_FIELDS:
            a, b = old[field], new[field]
            if isinstance(a, Decimal) or isinstance(b, Decimal):
                a, b = _dec(a), _dec(b)
            if a != b:
                return False
    return True


def make_version(
    checklist: Checklist,
    rows: list[dict],
    *,
    pass_line: Decimal | None,
    note: str = "",
    actor=None,
    now=None,
) -> ChecklistVersion:
    """A new version with these items, made current; the earlier ones stay for their visits."""
    last = checklist.versions.order_by("-number").values_list("number", flat=True).first() or 0
    version = ChecklistVersion.objects.create(
        checklist=checklist,
        number=last + 1,
        pass_line=pass_line,
        total_points=sum((r["points"] for r in rows), Decimal(0)),
        note=note[:200],
        created_at=now or timezone.now(),
        created_by=actor,
    )
    ChecklistItem.objects.bulk_create(ChecklistItem(version=version, **r) for r in rows)
    checklist.current = version
    checklist.save(update_fields=["current"])
    return version


def read_files(folder: Path = DATA_DIR) -> list[dict]:
    entries = []
    for path in sorted(Path(folder).glob("*.json")):
        entries += _entries(json.loads(path.read_text(encoding="utf-8")))
    return entries


@transaction.atomic
def load_checklists(folder: Path = DATA_DIR, *, actor=None) -> dict[str, int]:
    refs = _Refs()
    prepared = []
    for entry in read_files(folder):
        if entry.get("place_kind") not in PlaceKind.values:
            raise ChecklistDataError(f"{entry.get('code')}: place kind {entry.get('place_kind')!r}")
        standard = None
        if entry.get("from_standard"):
            rows, standard = _standard_rows(entry, refs)
        else:
            rows = _item_rows(entry, refs)
        prepared.append((entry, rows, standard))
    counts = {"created": 0, "versioned": 0, "unchanged": 0, "kept": 0}
    for entry, rows, standard in prepared:
        pass_line = _dec(entry.get("pass_line"))
        values = {
            "name": entry["name"],
            "place_kind": entry["place_kind"],
            "site_kinds": entry.get("site_kinds", []),
            "standard": standard,
            "source": entry.get("source", ""),
            "confirmed": bool(entry.get("confirmed")),
        }
        checklist = Checklist.objects.filter(code=entry["code"]).first()
        if checklist is None:
            checklist = Checklist.objects.create(code=entry["code"], shipped=True, **values)
            make_version(checklist, rows, pass_line=pass_line, note="shipped", actor=actor)
            counts["created"] += 1
            continue
        if not checklist.shipped or checklist.edited:
            counts["kept"] += 1
            continue
        for key, value in values.items():
            setattr(checklist, key, value)
        checklist.save(update_fields=list(values))
        if checklist.current is not None and _same(checklist.current, rows, pass_line):
            counts["unchanged"] += 1
            continue
        make_version(checklist, rows, pass_line=pass_line, note="shipped", actor=actor)
        counts["versioned"] += 1
    record("inspections.checklists.loaded", actor=actor, data=counts)
    return counts


@transaction.atomic
def edit_checklist(
    checklist_id: int,
    *,
    items: list[dict],
    pass_line: Decimal | None,
    note: str,
    actor,
    request=None,
) -> ChecklistVersion:
    """The office's new version of a checklist (items as in the data files); the checklist is
    then the office's own, left alone by the loader. Visits made keep their version."""
    from zhengzhi.inspections.scope import is_office
    from zhengzhi.inspections.services.errors import InspectionError

    if not is_office(actor):
        raise InspectionError(_("Only the office edits checklists."), "not_allowed")
    checklist = Checklist.objects.select_for_update().get(pk=checklist_id)
    try:
        rows = _item_rows({"code": checklist.code, "items": items}, _Refs())
    except (ChecklistDataError, KeyError) as exc:
        raise InspectionError(str(exc), "invalid") from None
    version = make_version(checklist, rows, pass_line=pass_line, note=note, actor=actor)
    checklist.edited = True
    checklist.save(update_fields=["edited"])
    record(
        "inspections.checklist.versioned",
        actor=actor,
        obj=checklist,
        request=request,
        data={"version": version.number, "items": len(rows), "note": note[:200]},
    )
    return version
