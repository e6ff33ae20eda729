"""Completeness against a hand-counted fixture (see the numbers in each assertion)."""

import pytest

from zhengzhi.archive.completeness import completeness
from zhengzhi.archive.models import Evidence, EvidenceStatus
from zhengzhi.archive.tests.conftest import NOW

YEARS = [2023, 2024, 2025, 2026]


def _ev(req, unit, year, status=EvidenceStatus.SUBMITTED, n=1):
    for i in range(n):
        Evidence.objects.create(
            requirement=req,
            unit=unit,
            year=year,
            title=f"{req.title}{i}",
            status=status,
            added_at=NOW,
        )


@pytest.fixture
def filed(reqs, units):
    street, dept = units["street"], units["dept"]
    _ev(reqs["r1"], street, 2024, n=2)  # 3 pieces in a slot of 2: counted 2
    _ev(reqs["r1"], street, 2024, EvidenceStatus.ACCEPTED)
    _ev(reqs["r1"], dept, 2025, EvidenceStatus.ACCEPTED)
    _ev(reqs["r1"], dept, 2025, EvidenceStatus.RETURNED)  # returned: not present
    _ev(reqs["r1"], street, 2022, EvidenceStatus.ACCEPTED)  # before the cycle: ignored
    _ev(reqs["r2"], street, 2026, EvidenceStatus.ACCEPTED)
    _ev(reqs["r3"], dept, 2026, n=2)
    return reqs


def test_counts_match_the_hand_count(filed, sanitary, table, units, django_assert_max_num_queries):
    with django_assert_max_num_queries(4):
        c = completeness(sanitary, YEARS)
    # r1: 2 units x 4 years x 2 = 16; r2: 1; r3: 3 (the department alone); r4: 1 (no owner)
    assert (c.total.required, c.total.present, c.total.accepted) == (21, 6, 3)
    assert c.total.missing == 15
    street, dept = units["street"].pk, units["dept"].pk
    assert (c.by_unit[street].required, c.by_unit[street].present) == (9, 3)
    assert c.by_unit[street].accepted == 2
    assert (c.by_unit[dept].required, c.by_unit[dept].present, c.by_unit[dept].accepted) == (
        11,
        3,
        1,
    )
    assert (c.by_unit[None].required, c.by_unit[None].present) == (1, 0)
    i1, i2, i3 = (table[k].item for k in ("item1", "item2", "item3"))
    assert (c.by_item[i1.pk].required, c.by_item[i1.pk].present) == (17, 4)
    assert (c.by_item[i2.pk].required, c.by_item[i2.pk].present) == (3, 2)
    assert (c.by_item[i3.pk].required, c.by_item[i3.pk].present) == (1, 0)
    assert c.by_category[i1.category_id].required == 20
    assert c.by_category[i1.category_id].accepted == 3
    assert c.by_category[i3.category_id].missing == 1


def test_gaps_say_who_owes_what(filed, sanitary, units):
    c = completeness(sanitary, YEARS)
    owed = {(g.requirement_id, g.unit_id, g.year): g.missing for g in c.gaps}
    r1, r3, r4 = filed["r1"].pk, filed["r3"].pk, filed["r4"].pk
    assert (r1, units["street"].pk, 2024) not in owed
    assert owed[(r1, units["street"].pk, 2023)] == 2
    assert owed[(r1, units["dept"].pk, 2025)] == 1
    assert owed[(r3, units["dept"].pk, 2026)] == 1
    assert owed[(r4, None, 2026)] == 1
    assert sum(owed.values()) == 15


def test_a_unit_counts_its_own_slots(filed, sanitary, units):
    c = completeness(sanitary, YEARS, units={units["dept"].pk})
    assert (c.total.required, c.total.present, c.total.accepted) == (11, 3, 1)
