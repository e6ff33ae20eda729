import pytest
from django.core.exceptions import PermissionDenied

from zhengzhi.archive.models import Duty
from zhengzhi.archive.services.errors import ArchiveError
from zhengzhi.archive.services.table import assign, build_table, cycle_years, set_cycle
from zhengzhi.archive.tests.conftest import TODAY
from zhengzhi.audit.models import AuditEvent
from zhengzhi.standards.models import Indicator, Item


def test_the_table_has_a_row_per_item_and_indicator_and_builds_once(table, sanitary, people):
    added = Duty.objects.filter(campaign=sanitary).count()
    items = Item.objects.filter(category__standard__code="gwcs-2021").count()
    indicators = Indicator.objects.filter(standard__code="gwcs-2021", in_table=True).count()
    assert added == items + indicators > items > 0
    assert build_table(people["admin"], sanitary) == 0
    assert Duty.objects.filter(campaign=sanitary).count() == items + indicators
    assert AuditEvent.objects.filter(action="archive.table.built").count() == 2


def test_only_the_office_builds_and_assigns(sanitary, people, table, units):
    with pytest.raises(PermissionDenied):
        build_table(people["handler"], sanitary)
    with pytest.raises(PermissionDenied):
        assign(people["street_leader"], table["item2"].pk, lead_unit=units["street"])


def test_assignment_is_recorded_and_a_stale_change_refused(table, people, units):
    duty = table["item1"]
    assert duty.lead_unit == units["street"]
    assert list(duty.supporting_units.all()) == [units["dept"]]
    event = AuditEvent.objects.filter(action="archive.duty.assigned", object_id=str(duty.pk)).get()
    assert event.data["supporting"] == [units["dept"].pk]
    with pytest.raises(ArchiveError) as exc:
        assign(people["admin"], duty.pk, lead_unit=units["c1"], version=duty.version - 1)
    assert exc.value.code == "stale"


def test_the_lead_unit_is_not_also_supporting(table, people, units):
    duty = assign(
        people["admin"],
        table["item2"].pk,
        lead_unit=units["dept"],
        supporting_units=[units["dept"], units["c1"]],
    )
    assert list(duty.supporting_units.all()) == [units["c1"]]


def test_flags_no_owner_and_no_task(table, sanitary, people, units):
    from zhengzhi.archive.selectors import table_rows
    from zhengzhi.campaigns.models import Task

    task = Task.objects.create(
        campaign=sanitary, title="背街小巷整治", lead_unit=units["street"], deadline=TODAY
    )
    assign(people["admin"], table["item1"].pk, lead_unit=units["street"], tasks=[task])
    rows = {r.duty.pk: r for r in table_rows(people["admin"], sanitary)}
    assert not rows[table["item1"].pk].no_owner and not rows[table["item1"].pk].no_task
    assert rows[table["item2"].pk].no_task and not rows[table["item2"].pk].no_owner
    assert rows[table["item3"].pk].no_owner and rows[table["item3"].pk].no_task
    assert rows[table["item1"].pk].tasks == [task]


def test_a_task_of_another_campaign_is_refused(table, sanitary, people, units):
    from zhengzhi.campaigns.models import Campaign, Task

    other = Campaign.objects.create(
        name="其他",
        scope_unit=units["district"],
        office_unit=units["office"],
        starts_on=TODAY,
        ends_on=TODAY,
    )
    task = Task.objects.create(campaign=other, title="x", lead_unit=units["street"], deadline=TODAY)
    with pytest.raises(ArchiveError):
        assign(people["admin"], table["item1"].pk, lead_unit=units["street"], tasks=[task])


def test_the_review_cycle_is_three_years_plus_this_one_and_a_setting(sanitary, people):
    assert cycle_years(sanitary, TODAY) == [2023, 2024, 2025, 2026]
    set_cycle(people["admin"], sanitary, 4)
    assert cycle_years(sanitary, TODAY) == [2022, 2023, 2024, 2025, 2026]
    with pytest.raises(ArchiveError):
        set_cycle(people["admin"], sanitary, 0)
    assert AuditEvent.objects.filter(action="archive.cycle.set").count() == 1
