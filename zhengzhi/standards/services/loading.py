"""Loading the shipped standards (data/*.json) without overwriting the office's edits.

Every entry is matched by its code. An entry the database lacks is created (`shipped`); a shipped
entry the office has not edited is updated from the file; an edited entry, and everything the
office created or copied (local rules), is left alone.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.db import models, transaction

from zhengzhi.audit.services import record
from zhengzhi.standards.models import (
    Category,
    Checkpoint,
    Indicator,
    Item,
    Measure,
    Prerequisite,
    StandardVersion,
)
from zhengzhi.standards.rules import GRADES, RuleKind

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
VERSION_FILES = ("gwcs-2014.json", "gwcs-2021.json", "gwxc-covert.json")
SOURCED = ("source", "confirmed")


class Counts(dict):
    def add(self, what: str) -> None:
        self[what] = self.get(what, 0) + 1


def _dec(value) -> Decimal | None:
    return None if value in (None, "") else Decimal(str(value))


def _upsert(model: type[models.Model], lookup: dict, values: dict, counts: Counts):
    obj = model._default_manager.filter(**lookup).first()
    if obj is None:
        counts.add("created")
        return model._default_manager.create(**lookup, **values, shipped=True), True
    if getattr(obj, "shipped", False) and not getattr(obj, "edited", False):
        changed = [k for k, v in values.items() if getattr(obj, k) != v]
        if changed:
            for key in changed:
                setattr(obj, key, values[key])
            obj.save(update_fields=changed)
            counts.add("updated")
        else:
            counts.add("unchanged")
        return obj, True
    counts.add("kept")
    return obj, False


def _sourced(entry: dict) -> dict:
    return {"source": entry.get("source", ""), "confirmed": bool(entry.get("confirmed"))}


def _check(data: dict, measures: set[str]) -> None:
    """A bad file fails before anything is written."""
    for ind in data.get("indicators", []):
        if ind["rule"] not in RuleKind.values:
            raise ValueError(f"{data['code']}: indicator {ind['code']}: rule {ind['rule']!r}")
        if ind.get("target_grade", "") not in ("", *GRADES):
            raise ValueError(f"{data['code']}: indicator {ind['code']}: grade")
        if ind["measure"] not in measures:
            raise ValueError(f"{data['code']}: indicator {ind['code']}: measure {ind['measure']}")
    codes = {i["code"] for i in data.get("indicators", [])}
    for pre in data.get("prerequisites", []):
        if set(pre["conditions"]) - codes:
            raise ValueError(f"{data['code']}: prerequisite {pre['code']}: conditions")


def _measures(entries: list[dict], counts: Counts) -> dict[str, Measure]:
    out = {}
    for e in entries:
        values = {
            "name": e["name"],
            "unit": e.get("unit", ""),
            "value_kind": e.get("value_kind", "number"),
            "fact": e.get("fact", ""),
            **_sourced(e),
        }
        out[e["code"]], _ = _upsert(Measure, {"code": e["code"]}, values, counts)
    return out


def _version(data: dict, measures: dict[str, Measure], counts: Counts) -> StandardVersion:
    version, _ = _upsert(
        StandardVersion,
        {"code": data["code"]},
        {
            "name": data["name"],
            "kind": data.get("kind", "standard"),
            "document": data.get("document", ""),
            "effective_from": data.get("effective_from"),
            "total_points": _dec(data.get("total_points")),
            "notes": data.get("notes", ""),
            **_sourced(data),
        },
        counts,
    )
    categories = {}
    for cpos, c in enumerate(data.get("categories", [])):
        cat, _ = _upsert(
            Category,
            {"standard": version, "code": c["code"]},
            {"name": c["name"], "position": cpos, "points": _dec(c.get("points")), **_sourced(c)},
            counts,
        )
        categories[c["code"]] = cat
        for ipos, i in enumerate(c.get("items", [])):
            item, _ = _upsert(
                Item,
                {"category": cat, "code": i["code"]},
                {
                    "number": i.get("number", ""),
                    "text": i["text"],
                    "position": ipos,
                    "points": _dec(i.get("points")),
                    **_sourced(i),
                },
                counts,
            )
            for kpos, k in enumerate(i.get("checkpoints", [])):
                _upsert(
                    Checkpoint,
                    {"item": item, "code": k["code"]},
                    {"text": k["text"], "position": kpos, **_sourced(k)},
                    counts,
                )
    indicators = {}
    for pos, d in enumerate(data.get("indicators", [])):
        indicators[d["code"]], _ = _upsert(
            Indicator,
            {"standard": version, "code": d["code"]},
            {
                "number": d.get("number", ""),
                "name": d["name"],
                "measure": measures[d["measure"]],
                "category": categories.get(d.get("category", "")),
                "rule": d["rule"],
                "target": _dec(d.get("target")),
                "target_grade": d.get("target_grade", ""),
                "years": d.get("years", 5),
                "target_text": d.get("target_text", ""),
                "in_table": d.get("in_table", True),
                "position": d.get("position", pos),
                **_sourced(d),
            },
            counts,
        )
    for pos, p in enumerate(data.get("prerequisites", [])):
        pre, writable = _upsert(
            Prerequisite,
            {"standard": version, "code": p["code"]},
            {"number": p.get("number", ""), "text": p["text"], "position": pos, **_sourced(p)},
            counts,
        )
        if writable:
            pre.conditions.set([indicators[c] for c in p["conditions"]])
    return version


@transaction.atomic
def load_standards(
    data_dir: Path = DATA_DIR, files: tuple[str, ...] = VERSION_FILES, *, actor=None
) -> dict[str, int]:
    """Loads (or updates) the shipped measures and versions; returns what it did."""
    measure_data = json.loads((data_dir / "measures.json").read_text(encoding="utf-8"))
    versions: list[dict[str, Any]] = [
        json.loads((data_dir / name).read_text(encoding="utf-8")) for name in files
    ]
    known = {m["code"] for m in measure_data["measures"]}
    for data in versions:
        _check(data, known)
    counts = Counts()
    measures = _measures(measure_data["measures"], counts)
    loaded = {data["code"]: _version(data, measures, counts) for data in versions}
    for data in versions:
        version = loaded[data["code"]]
        newer = loaded.get(data.get("superseded_by", ""))
        if newer and version.shipped and not version.edited and version.superseded_by != newer:
            version.superseded_by = newer
            version.save(update_fields=["superseded_by"])
    record("standards.loaded", actor=actor, object_type="standards", data=dict(counts))
    return dict(counts)
