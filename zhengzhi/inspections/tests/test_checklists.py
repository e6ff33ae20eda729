from decimal import Decimal

import pytest

from zhengzhi.inspections.models import Checklist, ChecklistItem, PlaceKind, Scoring
from zhengzhi.inspections.services.loading import ChecklistDataError, load_checklists
from zhengzhi.standards.models import StandardVersion

pytestmark = pytest.mark.django_db


def test_every_place_kind_of_the_seeds_has_a_checklist(checklists):
    kinds = {c.place_kind for c in checklists.values()}
    assert kinds == set(PlaceKind.values)
    trades = {c for c in checklists if c.startswith("small-trade-")}
    assert {"small-trade-restaurant", "small-trade-salon", "small-trade-bathhouse"} <= trades
    # The trades share the common items and add their own.
    salon = checklists["small-trade-salon"].current.items
    assert salon.filter(code="T02", text__contains="健康证").exists()
    assert salon.filter(text__contains="一客一换").exists()
    food = checklists["food-workshop"].current.items.values_list("text", flat=True)
    assert any("索证索票" in t for t in food) and any("滥用食品添加剂" in t for t in food)


def test_items_are_tied_to_the_standard_and_open_a_category(checklists):
    market = checklists["market"].current
    toilet = market.items.get(code="M24")
    assert toilet.checkpoint.text.startswith("公厕设置达标")
    assert toilet.standard_item.code == "15"
    assert all(i.problem_category_id for i in market.items.all())
    assert market.items.get(code="M10").scoring == Scoring.DEDUCTION


def test_the_covert_table_is_the_standards_own_not_a_copy(checklists):
    covert = checklists["covert-county"]
    standard = StandardVersion.objects.get(code="gwxc-covert")
    assert covert.standard == standard
    items = list(covert.current.items.order_by("position"))
    assert [i.standard_category.code for i in items] == [
        c.code for c in standard.categories.order_by("position", "code")
    ]
    assert covert.current.total_points == Decimal(1000)
    k01 = items[0]
    assert [(b["min"], b["max"]) for b in k01.bands] == [("45", "50"), ("25", "44"), ("0", "24")]
    assert covert.current.pass_line is None  # unconfirmed: the office enters it


def test_loading_again_changes_nothing_and_a_changed_file_makes_a_version(checklists, tmp_path):
    again = load_checklists()
    assert again["created"] == 0 and again["versioned"] == 0
    import json
    import shutil

    from zhengzhi.inspections.services.loading import DATA_DIR

    for path in DATA_DIR.glob("*.json"):
        shutil.copy(path, tmp_path / path.name)
    data = json.loads((tmp_path / "toilet.json").read_text(encoding="utf-8"))
    data["items"][0]["text"] = "达到一类标准"
    (tmp_path / "toilet.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    old = checklists["toilet"].current
    counts = load_checklists(tmp_path)
    assert counts["versioned"] == 1
    toilet = Checklist.objects.get(code="toilet")
    assert toilet.current.number == 2 and toilet.current != old
    assert old.items.get(code="W01").text.startswith("达到二类")  # the old version is kept


def test_an_edited_checklist_is_kept(checklists):
    Checklist.objects.filter(code="toilet").update(edited=True)
    assert load_checklists()["kept"] == 1


def test_a_bad_reference_fails_before_anything_is_written(shipped, tmp_path):
    import json

    (tmp_path / "a.json").write_text(
        json.dumps(
            {
                "code": "zz-new",
                "name": "新表",
                "place_kind": "street",
                "items": [{"code": "1", "section": "s", "text": "t", "category": "7777"}],
            }
        ),
        encoding="utf-8",
    )
    before = ChecklistItem.objects.count()
    with pytest.raises(ChecklistDataError, match="zz-new: item 1: no problem sub-category"):
        load_checklists(tmp_path)
    assert ChecklistItem.objects.count() == before
    assert not Checklist.objects.filter(code="zz-new").exists()


def test_the_office_edits_a_checklist_into_a_new_version(checklists, staff):
    from zhengzhi.inspections.services.errors import InspectionError
    from zhengzhi.inspections.services.loading import edit_checklist

    toilet = checklists["toilet"]
    items = [{"code": "W01", "section": "设施", "text": "达到一类标准", "category": "2102"}]
    with pytest.raises(InspectionError):
        edit_checklist(toilet.pk, items=items, pass_line=None, note="x", actor=staff["handler"])
    with pytest.raises(InspectionError, match="no problem sub-category"):
        edit_checklist(
            toilet.pk,
            items=[{**items[0], "category": "7777"}],
            pass_line=None,
            note="x",
            actor=staff["admin"],
        )
    v = edit_checklist(
        toilet.pk, items=items, pass_line=Decimal(80), note="本地细则", actor=staff["admin"]
    )
    toilet.refresh_from_db()
    assert (toilet.current, toilet.edited, v.number, v.total_points) == (v, True, 2, 1)
    assert load_checklists()["kept"] == 1  # the loader leaves the office's checklist alone
