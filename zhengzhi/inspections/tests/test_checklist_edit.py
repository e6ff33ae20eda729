"""The office edits a checklist on its page: a new version with the item changed, one removed
and one added; visits made keep theirs; a bad entry changes nothing; others may not."""

import pytest

from zhengzhi.inspections.models import Checklist
from zhengzhi.inspections.services import plans
from zhengzhi.inspections.tests.helpers import plan

pytestmark = pytest.mark.django_db


def test_the_office_edits_a_checklist_into_a_new_version(staff, units, checklists, sites, as_user):
    market = checklists["market"]
    old = market.current
    p = plan(staff["admin"], [market], units=[units["c1"]], team=[staff["inspector"]])
    (visit,) = plans.make_visits(p.pk, actor=staff["admin"])
    client = as_user(staff["admin"])
    page = client.get(f"/inspections/checklists/{market.pk}/edit/")
    assert page.status_code == 200 and 'name="text-M01"' in page.content.decode()
    response = client.post(
        f"/inspections/checklists/{market.pk}/edit/",
        {
            "note": "增加夜间检查项",
            "pass_line": "88",
            "text-M01": "市场内外环境整洁（含周边10米）",
            "photo-M01": "on",
            "remove-M02": "on",
            "new-code-0": "M99",
            "new-section-0": "夜间",
            "new-text-0": "夜间收市后垃圾清运",
            "new-category-0": "0102",
        },
    )
    assert response.status_code == 302, response.content.decode()[:500]
    market = Checklist.objects.get(pk=market.pk)
    new = market.current
    assert new.number == old.number + 1 and new.pass_line == 88 and market.edited
    codes = list(new.items.order_by("position").values_list("code", flat=True))
    assert "M02" not in codes and codes[-1] == "M99"
    assert new.items.get(code="M01").text == "市场内外环境整洁（含周边10米）"
    assert new.items.count() == old.items.count()  # one removed, one added
    visit.refresh_from_db()
    assert visit.checklist_version == old
    # A new item with a code but no text: refused, nothing changed.
    bad = client.post(
        f"/inspections/checklists/{market.pk}/edit/", {"note": "x", "new-code-0": "M98"}
    )
    assert bad.status_code == 200 and Checklist.objects.get(pk=market.pk).current == new
    assert (
        as_user(staff["handler"]).get(f"/inspections/checklists/{market.pk}/edit/").status_code
        == 403
    )
