"""The shipped standards load, update from a newer file, and never overwrite the office's edits."""

import json
import shutil
from decimal import Decimal

import pytest

from zhengzhi.standards.models import (
    Category,
    Indicator,
    Item,
    Measure,
    Prerequisite,
    StandardVersion,
)
from zhengzhi.standards.rules import RuleKind
from zhengzhi.standards.services import editing
from zhengzhi.standards.services.loading import DATA_DIR, load_standards

pytestmark = pytest.mark.django_db


def test_the_shipped_standards_load():
    counts = load_standards()
    assert counts["created"] > 300
    v2021 = StandardVersion.objects.get(code="gwcs-2021")
    v2014 = StandardVersion.objects.get(code="gwcs-2014")
    assert v2014.superseded_by == v2021
    assert v2021.document == "全爱卫发〔2021〕6号"
    # Items 1–45 are all there, the ones not found as unconfirmed placeholders (no invented text).
    items = Item.objects.filter(category__standard=v2021)
    assert items.count() == 45
    assert not items.get(code="12").text.startswith("第")
    placeholder = items.get(code="30")
    assert not placeholder.confirmed and "待核实" in placeholder.text
    greening = Indicator.objects.get(standard=v2021, code="15")
    assert greening.rule == RuleKind.UNSET and not greening.confirmed and greening.target is None
    infant = Indicator.objects.get(standard=v2021, code="39")
    assert (infant.rule, infant.target, infant.confirmed) == (
        RuleKind.AT_MOST_OR_FALLING,
        Decimal("5.6"),
        True,
    )
    # Comparators the repost lost are shipped unconfirmed.
    assert not Indicator.objects.get(standard=v2021, code="35").confirmed
    assert Indicator.objects.get(standard=v2021, code="55c").target_grade == "C"
    # The 2014 prerequisites: 11, the fifth with both green conditions.
    pre = Prerequisite.objects.filter(standard=v2014)
    assert pre.count() == 11
    fifth = pre.get(code="P5")
    assert {c.measure.code for c in fifth.conditions.all()} == {
        "green_coverage",
        "park_area_per_capita",
    }
    assert Indicator.objects.get(standard=v2014, measure__code="park_area_per_capita").target == (
        Decimal("8.5")
    )
    covert = StandardVersion.objects.get(code="gwxc-covert")
    assert covert.total_points == 1000 and covert.pass_line is None
    assert sum(c.points for c in Category.objects.filter(standard=covert)) == 1000
    # Measures are shared: the 2014 and 2021 greening rules judge one reported figure.
    assert Measure.objects.get(code="green_coverage").indicators.count() == 2


def test_loading_twice_changes_nothing():
    load_standards()
    counts = load_standards()
    assert counts.get("created", 0) == 0 and counts.get("updated", 0) == 0


def test_a_newer_file_updates_shipped_entries_but_not_the_offices_edits(tmp_path, people):
    load_standards()
    v2014 = StandardVersion.objects.get(code="gwcs-2014")
    sat = Indicator.objects.get(standard=v2014, measure__code="satisfaction_rate")
    editing.update_indicator(
        people["admin"], sat.pk, rule=RuleKind.AT_LEAST, target=Decimal("92"), confirmed=True
    )
    editing.update_version(
        people["admin"], StandardVersion.objects.get(code="gwxc-covert").pk, pass_line=Decimal(900)
    )
    for name in DATA_DIR.iterdir():
        shutil.copy(name, tmp_path / name.name)
    data = json.loads((tmp_path / "gwcs-2014.json").read_text())
    for ind in data["indicators"]:
        ind["target_text"] = ind["target_text"] + " (new)"
    (tmp_path / "gwcs-2014.json").write_text(json.dumps(data, ensure_ascii=False))
    covert = json.loads((tmp_path / "gwxc-covert.json").read_text())
    covert["notes"] = "newer"
    (tmp_path / "gwxc-covert.json").write_text(json.dumps(covert, ensure_ascii=False))

    counts = load_standards(tmp_path)

    assert counts["updated"] >= 40 and counts["kept"] == 2
    sat.refresh_from_db()
    assert (sat.target, sat.target_text, sat.edited) == (Decimal("92"), "≥90%", True)
    green = Indicator.objects.get(standard=v2014, measure__code="green_coverage")
    assert green.target_text.endswith("(new)")
    covert_version = StandardVersion.objects.get(code="gwxc-covert")
    assert covert_version.pass_line == 900 and covert_version.notes != "newer"


def test_a_bad_file_writes_nothing(tmp_path):
    for name in DATA_DIR.iterdir():
        shutil.copy(name, tmp_path / name.name)
    data = json.loads((tmp_path / "gwcs-2021.json").read_text())
    data["indicators"][40]["rule"] = "roughly"
    (tmp_path / "gwcs-2021.json").write_text(json.dumps(data, ensure_ascii=False))
    with pytest.raises(ValueError, match="roughly"):
        load_standards(tmp_path)
    assert not StandardVersion.objects.exists() and not Measure.objects.exists()


def test_local_rules_are_a_copy_the_loader_never_touches(people):
    load_standards()
    v2021 = StandardVersion.objects.get(code="gwcs-2021")
    v2014 = StandardVersion.objects.get(code="gwcs-2014")
    local = editing.copy_version(people["admin"], v2021, code="local-2021", name="本市细则")
    assert local.copied_from == v2021 and not local.shipped
    assert Indicator.objects.filter(standard=local).count() == v2021.indicators.count()
    assert Item.objects.filter(category__standard=local).count() == 45
    made = editing.copy_prerequisites(people["admin"], v2014, local)
    assert len(made) == 11 and all(not p.confirmed for p in made)
    copied = Prerequisite.objects.get(standard=local, code="2014-P5")
    assert {c.measure.code for c in copied.conditions.all()} == {
        "green_coverage",
        "park_area_per_capita",
    }
    assert all(not c.in_table and not c.confirmed for c in copied.conditions.all())
    # Copying again adds nothing; loading the shipped files leaves the copy alone.
    assert editing.copy_prerequisites(people["admin"], v2014, local) == []
    load_standards()
    assert Prerequisite.objects.filter(standard=local).count() == 11


def test_only_the_office_changes_standards(people):
    from django.core.exceptions import PermissionDenied

    load_standards()
    v2021 = StandardVersion.objects.get(code="gwcs-2021")
    for who in ("handler", "leader", "dept_handler"):
        with pytest.raises(PermissionDenied):
            editing.copy_version(people[who], v2021, code="x", name="x")
