"""The office's category pages: the two-level list, editing a sub-category with staged limits,
adding one; validation that keeps what was typed, stale saves, audit, scope and the rule that a
changed limit applies to problems dispatched afterwards only."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from zhengzhi.audit.models import AuditEvent
from zhengzhi.ledger.forms import category_choices
from zhengzhi.ledger.models import Category, CategoryKind, LimitUnit, Priority
from zhengzhi.ledger.services import moves
from zhengzhi.ledger.services.categories import (
    CategoryData,
    fingerprint,
    load_categories,
    update_category,
)
from zhengzhi.ledger.tests.pages_support import registered

pytestmark = pytest.mark.django_db
LIST = reverse("ledger:categories")


def edit_url(category) -> str:
    return reverse("ledger:category_edit", args=[category.pk])


def new_url(main) -> str:
    return reverse("ledger:category_new", args=[main.pk])


def post_data(category=None, stages=None, **fields) -> dict:
    """The form as a browser posts it: the category's values (or blanks), then `fields`."""
    data = {
        "name": category.name if category else "",
        "department": category.department_id or "" if category else "",
        "register_condition": category.register_condition if category else "",
        "close_standard": category.close_standard if category else "",
        "close_items": "\n".join(category.close_items) if category else "",
        "verify_amount": category.verify_amount if category else "1",
        "verify_unit": category.verify_unit if category else "work_days",
        "priority": category.priority if category else "3",
        "is_active": "on",
        "seen": fingerprint(category) if category else "",
    }
    if category and category.is_public:
        data["is_public"] = "on"
    if stages is None:
        stages = (
            []
            if category is None
            else [(s.get("name", ""), s["amount"], s["unit"]) for s in category.stages]
        )
    rows = list(stages) + [("", "", "")]  # and the blank row the page adds
    data |= {"stages-TOTAL_FORMS": len(rows), "stages-INITIAL_FORMS": len(rows) - 1}
    for i, (name, amount, unit) in enumerate(rows):
        data |= {f"stages-{i}-name": name, f"stages-{i}-amount": amount, f"stages-{i}-unit": unit}
    data |= fields
    return {k: v for k, v in data.items() if v is not None}


# ---- the list ----------------------------------------------------------------------------


def test_the_office_sees_both_levels_with_limits(as_user, people, categories, units):
    client = as_user(people["admin"], lang="zh-hans")
    response = client.get(LIST)
    html = response.content.decode()
    assert response.status_code == 200
    assert "问题分类" in html and "处置时限" in html and "核查时限" in html
    # Main 12 突发事件 and its staged burst pipe: 3 urgent hours, 8 urgent hours, 5 working days.
    assert 'id="main-12"' in html and 'id="cat-1203"' in html
    row = html.split('id="cat-1203"')[1].split("</tr>")[0]
    assert "围挡 3 紧急工作时" in row and "恢复路面 5 工作日" in row
    assert "修改时限只对修改之后派遣的问题生效" in html
    # Events first, then components (部件), including the standard's component 其他.
    assert html.index('id="main-99"') < html.index('id="main-21"') < html.index('id="main-29"')


def test_the_list_takes_a_fixed_number_of_queries(
    as_user, people, units, categories, django_assert_max_num_queries
):
    client = as_user(people["admin"])
    client.get(LIST)
    with CaptureQueriesContext(connection) as first:
        client.get(LIST)
    for i in range(10):
        Category.objects.create(
            code=f"04{50 + i}", name=f"小类{i}", parent=categories["04"], department=units["dept"]
        )
    with django_assert_max_num_queries(len(first)):
        response = client.get(LIST)
    assert len(first) <= 10
    assert (
        response.content.decode().count('id="cat-')
        == Category.objects.filter(parent__isnull=False).count()
    )


@pytest.mark.parametrize("who", ["dispatcher", "leader", "handler", "inspector", "street_leader"])
def test_only_the_office_administrator_has_the_pages(as_user, people, categories, who):
    client = as_user(people[who])
    sub, main = categories["0401"], categories["04"]
    assert client.get(LIST).status_code == 404
    assert client.get(edit_url(sub)).status_code == 404
    assert client.post(edit_url(sub), post_data(sub, name="改名")).status_code == 404
    assert (
        client.post(new_url(main), post_data(None, [("", 1, "work_days")], name="新")).status_code
        == 404
    )
    assert Category.objects.get(pk=sub.pk).name == "占道经营"
    assert not Category.objects.filter(name="新").exists()


def test_signed_out_users_are_sent_to_log_in(client, categories):
    response = client.get(LIST)
    assert response.status_code == 302 and "login" in response["Location"]


def test_the_nav_links_are_for_office_administrators(as_user, people, categories):
    html = as_user(people["admin"]).get(reverse("portal:home")).content.decode()
    assert f'href="{LIST}"' in html and f'href="{reverse("workcal:year")}"' in html
    html = as_user(people["dispatcher"]).get(reverse("portal:home")).content.decode()
    assert f'href="{LIST}"' not in html


# ---- editing -----------------------------------------------------------------------------


def test_the_edit_form_shows_the_stages_as_rows(as_user, people, categories):
    html = as_user(people["admin"]).get(edit_url(categories["1203"])).content.decode()
    assert 'name="stages-0-name" value="围挡"' in html
    assert 'name="stages-2-name" value="恢复路面"' in html
    assert 'name="stages-TOTAL_FORMS" value="4"' in html  # three stages and a blank row
    assert "dispatched after you save it" in html


def test_the_office_edits_a_sub_category(as_user, people, units, categories):
    sub = categories["0401"]
    client = as_user(people["admin"])
    response = client.post(
        edit_url(sub),
        post_data(
            sub,
            stages=[("劝离", 2, "urgent_hours"), ("整改", 3, "work_days")],
            department=units["dept"].pk,
            register_condition="沿街店铺超出门窗经营",
            close_standard="物品收回店内",
            verify_amount="4",
            verify_unit="work_hours",
            priority=str(Priority.HIGH),
            is_public=None,
        ),
    )
    assert response.status_code == 302 and response["Location"] == LIST
    sub.refresh_from_db()
    assert sub.stages == [
        {"name": "劝离", "amount": 2, "unit": "urgent_hours"},
        {"name": "整改", "amount": 3, "unit": "work_days"},
    ]
    assert (sub.department_id, sub.verify_amount, sub.verify_unit) == (
        units["dept"].pk,
        4,
        "work_hours",
    )
    assert (sub.priority, sub.is_public, sub.is_active) == (Priority.HIGH, False, True)
    assert sub.register_condition == "沿街店铺超出门窗经营"
    event = AuditEvent.objects.get(action="category.update")
    assert event.object_id == str(sub.pk) and event.actor_id == people["admin"].pk
    assert event.data["priority"] == [Priority.NORMAL, Priority.HIGH]
    assert event.data["is_public"] == [True, False]
    assert event.data["stages"][1][1]["unit"] == "work_days"
    assert "name" not in event.data  # only what changed


def test_saving_without_a_change_writes_no_audit_row(as_user, people, categories):
    sub = categories["0401"]
    response = as_user(people["admin"]).post(edit_url(sub), post_data(sub))
    assert response.status_code == 302
    assert not AuditEvent.objects.filter(action="category.update").exists()


def test_a_stage_row_is_removed_with_its_box(as_user, people, categories):
    sub = categories["1203"]
    data = post_data(sub)
    data["stages-1-DELETE"] = "on"
    assert as_user(people["admin"]).post(edit_url(sub), data).status_code == 302
    sub.refresh_from_db()
    assert [s["name"] for s in sub.stages] == ["围挡", "恢复路面"]


@pytest.mark.parametrize(
    "stages, fields, message",
    [
        ([("清理", "0", "work_hours")], {}, "A time limit must be more than 0."),
        ([("清理", "1.5", "work_days")], {}, "Working days are counted whole"),
        ([("清理", "abc", "work_days")], {}, "Enter a number."),
        ([("清理", "3", "")], {}, "Choose how the time limit is counted."),
        ([("清理", "", "work_days")], {}, "Give the time limit."),
        ([("清理", "9999", "work_hours")], {}, "At most 2000 working hours."),
        ([("", "3", "urgent_hours"), ("修复", "2", "work_days")], {}, "Name each stage"),
        ([], {}, "Give at least one handling time limit."),
        ([("清理", "2", "work_days")], {"name": ""}, "This field is required."),
        ([("清理", "2", "work_days")], {"name": "流动摊贩"}, "already has a sub-category"),
        (
            [("清理", "2", "work_days")],
            {"verify_amount": "-1"},
            "A time limit must be more than 0.",
        ),
        ([("清理", "2", "work_days")], {"priority": "9"}, "Select a valid choice."),
    ],
)
def test_bad_input_is_refused_and_kept(as_user, people, categories, stages, fields, message):
    sub = categories["0401"]
    before = fingerprint(sub)
    data = post_data(sub, stages=stages, register_condition="刚刚输入的条件", **fields)
    response = as_user(people["admin"]).post(edit_url(sub), data)
    html = response.content.decode()
    assert response.status_code == 422
    assert message in html
    assert "刚刚输入的条件" in html  # what was typed stays
    for i, (name, amount, _unit) in enumerate(stages):
        assert f'name="stages-{i}-name" value="{name}"' in html or not name
        assert f'name="stages-{i}-amount" value="{amount}"' in html or not amount
    sub.refresh_from_db()
    assert fingerprint(sub) == before
    assert not AuditEvent.objects.filter(action="category.update").exists()


def test_every_mistake_shows_at_once(as_user, people, categories):
    sub = categories["1203"]
    data = post_data(
        sub,
        stages=[
            ("围挡", "0", "urgent_hours"),
            ("", "8", "urgent_hours"),
            ("恢复", "1.5", "work_days"),
        ],
        name="",
        verify_amount="0",
    )
    html = as_user(people["admin"]).post(edit_url(sub), data).content.decode()
    for message in (
        "This field is required.",
        "A time limit must be more than 0.",
        "Name each stage",
        "Working days are counted whole",
    ):
        assert message in html
    assert html.count("A time limit must be more than 0.") == 2  # stage 1 and verification


def test_a_save_over_another_administrators_change_is_refused(as_user, people, units, categories):
    sub = categories["0401"]
    opened = post_data(sub, name="占道经营（改）")
    other = make_admin(units)
    update_category(sub, data_of(sub, priority=Priority.URGENT), actor=other)
    response = as_user(people["admin"]).post(edit_url(sub), opened)
    html = response.content.decode()
    assert response.status_code == 422
    assert "Someone else changed this category" in html
    assert 'id="current-values"' in html and "占道经营（改）" in html
    sub.refresh_from_db()
    assert sub.name == "占道经营" and sub.priority == Priority.URGENT
    # The page now carries the current values' fingerprint: saving again goes through.
    seen = html.split('name="seen" value="')[1].split('"')[0]
    assert seen == fingerprint(sub)
    again = as_user(people["admin"]).post(edit_url(sub), {**opened, "seen": seen})
    assert again.status_code == 302
    sub.refresh_from_db()
    assert sub.name == "占道经营（改）"


def test_main_categories_are_not_edited_as_sub_categories(as_user, people, categories):
    client = as_user(people["admin"])
    assert client.get(edit_url(categories["04"])).status_code == 404
    assert client.get(new_url(categories["0401"])).status_code == 404
    assert client.get(reverse("ledger:category_edit", args=[999999])).status_code == 404


def test_only_the_office_changes_categories_through_the_service(people, categories):
    sub = categories["0401"]
    with pytest.raises(PermissionDenied):
        update_category(sub, data_of(sub, name="x"), actor=people["dispatcher"])
    sub.refresh_from_db()
    assert sub.name == "占道经营"


# ---- adding ------------------------------------------------------------------------------


def test_the_office_adds_a_sub_category(as_user, people, units, categories):
    main = categories["04"]
    response = as_user(people["admin"]).post(
        new_url(main),
        post_data(
            None,
            stages=[("劝离", "1", "urgent_hours")],
            name="占道洗车",
            department=units["dept"].pk,
            is_public="on",
        ),
    )
    assert response.status_code == 302
    made = Category.objects.get(name="占道洗车")
    assert made.code == "0406" and made.parent_id == main.pk and made.kind == CategoryKind.EVENT
    assert made.stages == [{"name": "劝离", "amount": 1, "unit": "urgent_hours"}]
    assert made.is_public and made.is_active and made.department_id == units["dept"].pk
    event = AuditEvent.objects.get(action="category.create")
    assert event.data["code"] == "0406" and event.data["parent"] == "04"
    # Offered at once for new problems, under its main category.
    options = dict(category_choices())[f"04 {main.name}"]
    assert ("0406", "0406 占道洗车") in options


def test_the_new_form_keeps_what_was_typed(as_user, people, categories):
    response = as_user(people["admin"]).post(
        new_url(categories["04"]),
        post_data(None, stages=[("劝离", "-2", "urgent_hours")], name="占道洗车"),
    )
    html = response.content.decode()
    assert response.status_code == 422
    assert 'value="占道洗车"' in html and 'name="stages-0-amount" value="-2"' in html
    assert not Category.objects.filter(name="占道洗车").exists()


def test_a_component_sub_category_is_a_component(people, categories):
    from zhengzhi.ledger.services.categories import create_category

    made = create_category(
        categories["29"],
        CategoryData(name="电力箱损坏", stages=[{"name": "", "amount": 3, "unit": "work_days"}]),
        actor=people["admin"],
    )
    assert made.code == "2902" and made.kind == CategoryKind.COMPONENT


def test_an_inactive_sub_category_is_not_offered_for_new_problems(as_user, people, categories):
    sub = categories["0402"]
    data = post_data(sub)
    del data["is_active"]
    assert as_user(people["admin"]).post(edit_url(sub), data).status_code == 302
    offered = {code for _group, options in category_choices() for code, _label in options}
    assert "0402" not in offered and "0401" in offered


# ---- a changed limit applies from then on ------------------------------------------------


def test_a_changed_limit_applies_to_problems_dispatched_afterwards(
    as_user, people, staff, categories, new_problem
):
    sub = categories["0401"]
    before = moves.dispatch(registered(new_problem, staff).pk, actor=staff["dispatcher"])
    waiting = registered(new_problem, staff)
    old_due = before.due_at
    response = as_user(people["admin"]).post(
        edit_url(sub), post_data(sub, stages=[("整改", "20", "work_days")])
    )
    assert response.status_code == 302
    before.refresh_from_db()
    assert before.due_at == old_due  # a deadline already set is kept
    after = moves.dispatch(waiting.pk, actor=staff["dispatcher"])
    assert after.due_at > old_due
    assert after.stage_deadlines[-1]["name"] == "整改"


# ---- the data file -----------------------------------------------------------------------


def test_the_data_file_loads_once_and_keeps_the_office_edits(people, categories):
    assert categories["29"].kind == CategoryKind.COMPONENT and categories["29"].name == "其他"
    assert categories["2901"].parent_id == categories["29"].pk
    assert categories["99"].kind == CategoryKind.EVENT
    sub = categories["0401"]
    update_category(sub, data_of(sub, priority=Priority.LOW), actor=people["admin"])
    assert load_categories() == {"created": 0, "updated": 0}
    sub.refresh_from_db()
    assert sub.priority == Priority.LOW


# ---- helpers -----------------------------------------------------------------------------


def data_of(category: Category, **changes) -> CategoryData:
    values = {
        "name": category.name,
        "department": category.department,
        "register_condition": category.register_condition,
        "close_standard": category.close_standard,
        "stages": list(category.stages),
        "verify_amount": category.verify_amount,
        "verify_unit": category.verify_unit or LimitUnit.WORK_DAYS,
        "priority": category.priority,
        "is_public": category.is_public,
        "is_active": category.is_active,
    }
    return CategoryData(**(values | changes))


def make_admin(units):
    from zhengzhi.conftest import make_user
    from zhengzhi.core.roles import Role

    return make_user("admin2", units["office"], Role.OFFICE_ADMIN)
