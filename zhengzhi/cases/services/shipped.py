"""The shipped data (data/case_types.json): case types, the 查一补三 rule, the settings row.
Migration 0002 loads it into a new database; `load_shipped()` puts it back after a flush."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "data" / "case_types.json"


def load_shipped(case_type_model=None, rule_model=None, settings_model=None) -> int:
    """Adds the shipped types (updating names of existing codes), the rules if there are
    none, and the settings row if missing. Takes the models so that the migration can pass
    its historical ones."""
    from zhengzhi.cases import models

    CaseType = case_type_model or models.CaseType
    RecheckRule = rule_model or models.RecheckRule
    CaseSettings = settings_model or models.CaseSettings
    data = json.loads(DATA.read_text(encoding="utf-8"))
    by_code = {}
    for t in data["types"]:
        row, _ = CaseType.objects.update_or_create(
            code=t["code"],
            defaults={
                "name": t["name"],
                "name_en": t.get("name_en", ""),
                "group": t.get("group", ""),
                "sort_order": t.get("sort_order", 0),
                "unlicensed_transport": t.get("unlicensed_transport", False),
            },
        )
        by_code[row.code] = row
    if not RecheckRule.objects.exists():
        for r in data["recheck_rules"]:
            rule = RecheckRule.objects.create(
                name=r["name"], site_kinds=r["site_kinds"], count=r["count"], days=r["days"]
            )
            rule.case_types.set([by_code[c] for c in r["case_types"]])
    if not CaseSettings.objects.exists():
        CaseSettings.objects.create(major_threshold=Decimal(5))
    return len(by_code)
