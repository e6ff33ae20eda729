"""The dispatch sheet's ledger figures are scoped like the ledger list (visible_problems): a
unit counts the problems it owns, supports or reported, never another unit's or a merged one."""

import datetime as dt

from zhengzhi.campaigns.sheet import build_sheet
from zhengzhi.campaigns.tests.conftest import at

DAY = dt.date(2026, 5, 20)


def test_sheet_ledger_figures_follow_the_users_scope(campaign, units, staff, categories):
    from zhengzhi.campaigns.models import CampaignProblem
    from zhengzhi.ledger.models import Category, Problem, Source, Status

    cat = Category.objects.get(code="0502")
    c1, c2 = units["c1"], units["c2"]

    def make(number, **kw):
        p = Problem.objects.create(
            number=number,
            source=Source.PATROL,
            category=cat,
            main_category=cat.parent,
            description="河道违建",
            reported_at=at(DAY, "09:00"),
            **kw,
        )
        CampaignProblem.objects.create(problem=p, campaign=campaign)

    make("2026-000001", owner_unit=c1, status=Status.ACCEPTED)
    make("2026-000002", owner_unit=c2, supporting_unit=c1, status=Status.ACCEPTED)
    make("2026-000003", owner_unit=c2, status=Status.ACCEPTED)
    make("2026-000004", owner_unit=c2, reported_by=staff["handler"], status=Status.ACCEPTED)
    make("2026-000005", owner_unit=c1, status=Status.MERGED)
    make(
        "2026-000006",
        owner_unit=c1,
        status=Status.CLOSED,
        dispatched_at=at(DAY, "09:30"),
        closed_at=at(DAY, "15:00"),
    )
    now = at(DAY, "18:00")
    totals = {
        name: build_sheet(campaign, DAY, user=staff[name], now=now).ledger
        for name in ("admin", "handler", "c2_handler", "other_handler", "street_leader")
    }
    assert totals["admin"] == {"new": 5, "closed": 1, "overdue": 0, "total": 5, "closed_total": 1}
    # c1 owns 1 and 6, supports 2, reported 4; not 3 (c2's), not 5 (merged).
    assert totals["handler"] == {"new": 4, "closed": 1, "overdue": 0, "total": 4, "closed_total": 1}
    assert totals["c2_handler"]["total"] == 3  # owns 2, 3 and 4
    assert totals["other_handler"]["total"] == 0
    assert totals["street_leader"]["total"] == 5  # c1 and c2 are below the street
