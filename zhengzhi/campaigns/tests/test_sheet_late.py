"""The sheet's late counts keep to the slots that count, however the sheet words its query: a
task counting from before the day's first cut-off, a task added during the day, and a campaign
set under way again later that day (its earlier cut-offs, and their lateness, no longer count)."""

from zhengzhi.campaigns.models import Campaign
from zhengzhi.campaigns.services.reports import submit_report
from zhengzhi.campaigns.sheet import build_sheet
from zhengzhi.campaigns.tests.conftest import at
from zhengzhi.campaigns.tests.test_counting import DAY, add_task, row


def late_of(sheet, task) -> list[int]:
    return [u.late for u in row(sheet, task).units]


def test_late_reports_count_only_for_slots_that_count(campaign, units, staff):
    added = add_task(campaign, units, staff, "12:30")
    handler = staff["handler"]
    first = campaign.task.assignments.get(unit=units["c1"])
    second = added.assignments.get(unit=units["c1"])
    for assignment, slot, hhmm in ((first, 0, "11:30"), (first, 1, "16:30"), (second, 1, "16:30")):
        submit_report(
            assignment.pk, actor=handler, figure=1, period=DAY, slot=slot, now=at(DAY, hhmm)
        )
    # 11:00 was never due for the task added at 12:30: filled in at 13:00, not late.
    submit_report(second.pk, actor=handler, figure=1, period=DAY, slot=0, now=at(DAY, "13:00"))

    sheet = build_sheet(campaign, DAY, user=staff["admin"], now=at(DAY, "18:00"))
    assert late_of(sheet, campaign.task) == [2, 0] and late_of(sheet, added) == [1, 0]
    assert sheet.late_units == [(units["c1"].name, 3)]
    mine = build_sheet(campaign, DAY, user=handler, now=at(DAY, "18:00"))
    assert late_of(mine, campaign.task) == [2] and late_of(mine, added) == [1]

    # Set under way again at 15:00: only the 16:00 cut-offs count that day.
    Campaign.objects.filter(pk=campaign.pk).update(started_at=at(DAY, "15:00"))
    campaign.refresh_from_db()
    sheet = build_sheet(campaign, DAY, user=staff["admin"], now=at(DAY, "18:00"))
    assert late_of(sheet, campaign.task) == [1, 0] and late_of(sheet, added) == [1, 0]
    assert sheet.late_units == [(units["c1"].name, 2)]
    mine = build_sheet(campaign, DAY, user=handler, now=at(DAY, "18:00"))
    assert late_of(mine, campaign.task) == [1] and late_of(mine, added) == [1]
