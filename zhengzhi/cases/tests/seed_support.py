"""The county year of the tobacco seed (seed 000, 范文3), entered as cases one by one through
the services: the fixture `county_year` for the tables' and the exports' tests."""

import datetime as dt
from decimal import Decimal

import pytest

from zhengzhi.cases.services import states
from zhengzhi.cases.services.records import record_destruction, save_operation, save_year_figures
from zhengzhi.cases.tests.conftest import file
from zhengzhi.conftest import local

YEAR = 2009
NOW = local(2010, 1, 20, 10)
D = Decimal
CENT = Decimal("0.01")


def spread(total: Decimal, n: int, step: Decimal = CENT) -> list[Decimal]:
    """n amounts of `step` adding up to `total` exactly."""
    units = int(total / step)
    base, extra = divmod(units, n)
    return [(base + (1 if i < extra else 0)) * step for i in range(n)]


def day(i: int) -> dt.date:
    return dt.date(YEAR, 1, 1) + dt.timedelta(days=(i * 3) % 360)


@pytest.fixture
def county_year(cpeople, cunits, types):
    officer = cpeople["officer"]
    # 无证运输 14 / 86.02 万支 / 21.34 万元, entered in 件; two of them went to the police:
    # 47.08 件 (万支) and 12.49 万元 between them.
    police_cases = [
        file(
            officer,
            types["unlicensed_transport"],
            vehicle="云K0001",
            value="8.00",
            goods=[("卷烟", "30.00", "case")],
            filed_on=day(1),
            now=NOW,
        ),
        file(
            officer,
            types["unlicensed_transport"],
            vehicle="云K0002",
            value="4.49",
            goods=[("卷烟", "17.08", "case")],
            filed_on=day(2),
            now=NOW,
        ),
    ]
    for i, (q, v) in enumerate(zip(spread(D("38.94"), 12), spread(D("8.85"), 12), strict=True)):
        file(
            officer,
            types["unlicensed_transport"],
            vehicle=f"云K1{i:03d}",
            value=v,
            goods=[("卷烟", q, "case")],
            filed_on=day(10 + i),
            now=NOW,
        )
    # 非渠道进货 33 / 67.76 万支 (3,388 条) / 19.06 万元, in cartons.
    off = []
    for i, (q, v) in enumerate(zip(spread(D(3388), 33, D(1)), spread(D("19.06"), 33), strict=True)):
        off.append(
            file(
                officer,
                types["off_channel"],
                party=f"零售户{i}",
                value=v,
                goods=[("卷烟", q, "carton")],
                filed_on=day(30 + i),
                now=NOW,
            )
        )
    # 无证批发 2 / 4.62 万支 / 1.81 万元, in 万支.
    for i, (q, v) in enumerate(zip(spread(D("4.62"), 2), spread(D("1.81"), 2), strict=True)):
        off.append(
            file(
                officer,
                types["unlicensed_wholesale"],
                party=f"批发{i}",
                value=v,
                goods=[("卷烟", q, "wan")],
                filed_on=day(70 + i),
                now=NOW,
            )
        )
    # 无证经营 70 / 124.58 万支 (6,229 条) / 44.41 万元, all handed to market regulation.
    for i, (q, v) in enumerate(zip(spread(D(6229), 70, D(1)), spread(D("44.41"), 70), strict=True)):
        case = file(
            officer,
            types["unlicensed_retail"],
            party=f"无证户{i}",
            value=v,
            goods=[("卷烟", q, "carton")],
            filed_on=day(80 + i),
            now=NOW,
        )
        states.transfer(officer, case.pk, "market", receiving_unit=cunits["market"], now=NOW)
    # 罚没款 paid in: 18.41 万元 over the 35 cases decided by the bureau.
    for case, yuan in zip(off, spread(D(184100), len(off), D(1)), strict=True):
        states.advance(officer, case.pk, "investigated", now=NOW)
        states.advance(officer, case.pk, "decided", fine=yuan, on=case.filed_on, now=NOW)
        states.record_payment(officer, case.pk, yuan, on=dt.date(YEAR, 12, 30), now=NOW)
    # Police: 2 cases, 刑拘 3; procuratorate and court: 1 case, 批捕 and 拘役 1.
    a = states.transfer(
        officer, police_cases[0].pk, "police", receiving_unit=cunits["police"], now=NOW
    )
    b = states.transfer(officer, police_cases[1].pk, "police", now=NOW)
    states.record_outcome(officer, a.pk, "detained", 2, now=NOW)
    states.record_outcome(officer, b.pk, "detained", 1, now=NOW)
    states.record_outcome(
        officer,
        states.transfer(officer, police_cases[0].pk, "procuratorate", now=NOW).pk,
        "arrested",
        1,
        now=NOW,
    )
    states.record_outcome(
        officer,
        states.transfer(officer, police_cases[0].pk, "court", now=NOW).pk,
        "custody",
        1,
        now=NOW,
    )
    # Seven operations: 540 人次, 168 辆次.
    names = [
        "春节前清理整顿",
        "风暴十号",
        "6月清理整顿",
        "两节前清理整顿",
        "风暴十一号",
        "风暴十二号",
        "今冬明春",
    ]
    for name, p, v in zip(names, spread(D(540), 7, D(1)), spread(D(168), 7, D(1)), strict=True):
        save_operation(
            officer,
            name=name,
            starts_on=dt.date(YEAR, 3, 1),
            ends_on=dt.date(YEAR, 3, 5),
            people=int(p),
            vehicles=int(v),
        )
    # 3.15: 124.33 件 destroyed in public, 43.8 万元.
    record_destruction(
        officer,
        destroyed_on=dt.date(YEAR, 3, 15),
        place="县城广场",
        quantity="124.33",
        quantity_unit="case",
        value="43.8",
        now=NOW,
    )
    save_year_figures(
        officer, cunits["bureau"], YEAR, sales_boxes="23501", per_capita="69.33", box_price="11766"
    )
    return police_cases
