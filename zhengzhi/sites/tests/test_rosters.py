# ruff: noqa: F811 (the fixtures imported from rosters_support are parameters here)
"""The roster import service: all or nothing, every bad row named, re-import updates matched by
licence, credit code or site code, the two-match error, and who may import where."""

import pytest
from django.utils import translation

from zhengzhi.audit.models import AuditEvent
from zhengzhi.sites.importing.columns import kind_fields, propose
from zhengzhi.sites.models import Licence, RosterImport, Site, SiteEvent, SiteKind
from zhengzhi.sites.services import rosters
from zhengzhi.sites.services.errors import SiteError
from zhengzhi.sites.services.sites import LicenceInput, register_site
from zhengzhi.sites.tests.rosters_support import (  # noqa: F401 (fixtures)
    C1,
    IN_C1,
    IN_C1_G2,
    IN_C2,
    OUTSIDE,
    TEMPLATE,
    credit,
    sheet_of,
    template_row,
    territory,
    tobacco,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def run(actor, kind, rows, headers=TEMPLATE, **kw):
    sheet = sheet_of(headers, rows)
    mapping = rosters.proposed_mapping(kind, sheet.headers)
    return rosters.import_roster(
        actor, kind=kind, sheet=sheet, mapping=mapping, file_name="roster.xlsx", **kw
    )


def named(result):
    return {(e.row, e.column) for e in result.errors}


def test_a_good_sheet_registers_every_site_routed_with_its_licence(people, territory, tobacco):
    result = run(
        people["admin"],
        tobacco,
        [
            template_row("好又多便利店", "330199100001", IN_C1, credit_code=credit(1)),
            template_row("青青烟酒店", "330199100002", IN_C1_G2, form="烟酒商店", grade=12),
            template_row("桃园超市", "330199100003", IN_C2, credit_code=credit(3)),
        ],
    )
    assert result.ok, result.errors
    sites = {s.name: s for s in Site.objects.all()}
    assert len(sites) == 3
    s = sites["青青烟酒店"]
    assert s.grid == territory["g2"] and s.community.code == "liuan"
    assert s.street.code == "donghu" and s.owner_unit.code == "liuan"
    assert s.attributes == {"customer_grade": 12, "business_form": "烟酒商店", "near_school": False}
    assert sites["桃园超市"].owner_unit.code == "taoyuan"
    assert sites["好又多便利店"].credit_code == credit(1)
    assert len({x.code for x in sites.values()}) == 3
    lic = Licence.objects.get(number="330199100002")
    assert lic.site == s and lic.name == "烟草专卖零售许可证"
    assert lic.expires_on.isoformat() == "2027-06-30" and lic.issuer == "青川区烟草专卖局"
    assert SiteEvent.objects.filter(kind=SiteEvent.Kind.CREATED).count() == 3
    roster = RosterImport.objects.get()
    assert (roster.rows, roster.created, roster.updated) == (3, 3, 0)
    assert roster.unit.code == "office"
    audit = AuditEvent.objects.get(action="sites.roster.imported")
    assert audit.data["created"] == 3 and audit.data["rows"] == 3
    assert "好又多" in Site.objects.get(name="好又多便利店").search_text


def test_one_bad_row_writes_nothing_and_every_bad_row_is_named(people, territory, tobacco):
    before = AuditEvent.objects.count()
    rows = [
        template_row("好又多便利店", "330199100001", IN_C1),  # row 2: good
        template_row("甲店", "330199100002", IN_C1, credit_code="91350100M000100Y44"),  # 3
        template_row("乙店", "330199100001", IN_C1),  # 4: same licence as row 2
        template_row("", "330199100004", IN_C1),  # 5: no name
        template_row("丙店", "330199100005", IN_C1, grade="三档"),  # 6: grade not a number
        template_row("丁店", "330199100006", IN_C1, expires="2027-02-30"),  # 7: no such date
        template_row("戊店", "330199100007", OUTSIDE),  # 8: outside the territory
        template_row("己店", "", IN_C1),  # 9: a tobacco retailer needs its licence
        template_row("庚店", "330199100009", IN_C1, form="网吧"),  # 10: not a choice
    ]
    result = run(people["admin"], tobacco, rows)
    assert not result.ok
    assert named(result) == {
        (3, "统一社会信用代码"),
        (4, "许可证号"),
        (5, "名称"),
        (6, "客户档位"),
        (7, "有效期至"),
        (8, "经度"),
        (9, "许可证号"),
        (10, "经营业态"),
    }
    reasons = {e.row: e.message for e in result.errors}
    assert "check character" in reasons[3]
    assert "also in row 2" in reasons[4]
    assert "not a number" in reasons[6]
    assert "not a date" in reasons[7]
    assert "outside the territory" in reasons[8]
    assert "not one of" in reasons[10]
    assert Site.objects.count() == 0 and Licence.objects.count() == 0
    assert RosterImport.objects.count() == 0 and SiteEvent.objects.count() == 0
    assert AuditEvent.objects.count() == before


def test_unknown_grid_and_a_point_outside_its_grid(people, territory, tobacco):
    headers = [*TEMPLATE, "网格编码"]
    rows = [
        [*template_row("甲店", "330199100001", IN_C1), C1 + "009"],
        [*template_row("乙店", "330199100002", IN_C2), C1 + "001"],
        [*template_row("丙店", "330199100003", None), C1 + "002"],
    ]
    result = run(people["admin"], tobacco, rows, headers=headers)
    assert [(e.row, e.column) for e in result.errors] == [(2, "网格编码"), (3, "网格编码")]
    assert "no grid has the code" in result.errors[0].message
    assert "does not lie in grid" in result.errors[1].message
    ok = run(people["admin"], tobacco, rows[2:], headers=headers)
    assert ok.ok
    site = Site.objects.get()
    assert site.grid == territory["g2"] and site.owner_unit.code == "liuan" and site.lon is None


def _registered(people, tobacco, name, number, code=""):
    return register_site(
        people["admin"],
        kind=tobacco,
        name=name,
        credit_code=code,
        lon=IN_C1[0],
        lat=IN_C1[1],
        licences=[LicenceInput(number=number)],
        attributes={"customer_grade": 3},
    )


def test_reimport_updates_by_licence_then_credit_code_then_site_code(people, territory, tobacco):
    a = _registered(people, tobacco, "甲店", "330199100001")
    b = _registered(people, tobacco, "乙店", "330199100002", credit(2))
    c = _registered(people, tobacco, "丙店", "330199100003")
    assert run(people["admin"], tobacco, [template_row("丁店", "330199100004", IN_C1)]).ok
    d = Site.objects.get(name="丁店")
    result = run(
        people["admin"],
        tobacco,
        [
            template_row("甲店", "330199100001", IN_C1, phone="13911112222", grade=8),
            template_row("乙店新名", "", None, credit_code=credit(2)),
            template_row("丙店", "", IN_C2, code=c.code.lower()),
            template_row("丁店", "330199100004", IN_C1),
            template_row("新店", "330199100005", IN_C1),
        ],
    )
    assert result.ok, result.errors
    assert (result.roster.created, result.roster.updated) == (1, 3)
    assert result.plan.unchanged == 1  # 丁店: same values
    a.refresh_from_db()
    assert a.phone == "13911112222" and a.attributes["customer_grade"] == 8 and a.version == 2
    event = SiteEvent.objects.get(site=a, kind=SiteEvent.Kind.IMPORTED)
    assert event.changes["phone"] == ["", "13911112222"]
    assert event.changes["attr:customer_grade"] == [3, 8]
    assert event.changes["import"] == result.roster.pk
    b.refresh_from_db()
    assert b.name == "乙店新名" and b.lon == IN_C1[0]  # a blank point leaves it
    assert "乙店新名" in b.search_text
    c.refresh_from_db()
    assert c.owner_unit.code == "taoyuan" and c.grid == territory["g3"]
    assert not SiteEvent.objects.filter(site=d, kind=SiteEvent.Kind.IMPORTED).exists()
    assert Site.objects.count() == 5
    assert RosterImport.objects.count() == 2


def test_a_row_matching_two_sites_names_both(people, territory, tobacco):
    a = _registered(people, tobacco, "甲店", "330199100001")
    b = _registered(people, tobacco, "乙店", "330199100002", credit(2))
    result = run(
        people["admin"],
        tobacco,
        [template_row("甲店", "330199100001", IN_C1, credit_code=credit(2))],
    )
    assert not result.ok
    [error] = result.errors
    assert error.row == 2 and error.column == "统一社会信用代码"
    assert a.code in error.message and b.code in error.message
    assert "two different sites" in error.message
    # the licence of one site given with another's site code is the same error
    result = run(
        people["admin"], tobacco, [template_row("乙店", "330199100001", None, code=b.code)]
    )
    assert a.code in result.errors[0].message and b.code in result.errors[0].message


def test_an_unknown_site_code_and_a_site_of_another_kind(people, territory, tobacco):
    shop = SiteKind.objects.get(code="retail_shop")
    other = register_site(people["admin"], kind=shop, name="门市部", licences=[LicenceInput("X1")])
    result = run(
        people["admin"],
        tobacco,
        [
            template_row("甲店", "330199100001", IN_C1, code="S99999999"),
            template_row("乙店", "X1", IN_C1),
        ],
    )
    assert [(e.row, e.column) for e in result.errors] == [(2, "站点编码"), (3, "许可证号")]
    assert "no site has the code S99999999" in result.errors[0].message
    assert other.code in result.errors[1].message


def test_an_office_sheet_is_read_through_its_mapping_saved_and_proposed_again(
    people, territory, tobacco
):
    headers = ["序号", "店名", "负责人", "许可证编号", "社会信用代码", "详细地址", "经度", "纬度",
               "档位", "备注"]  # fmt: skip
    rows = [[1, "好又多便利店", "王芳", "330199100001", credit(1), "柳岸路1号", *IN_C1, 5, "无"]]
    sheet = sheet_of(headers, rows)
    fields = kind_fields(tobacco)
    assert not rosters.columns_are_template(tobacco, headers)
    proposed = rosters.proposed_mapping(tobacco, headers)
    assert proposed == {1: "name", 2: "operator", 3: "licence_number", 4: "credit_code",
                        5: "address", 6: "lon", 7: "lat"}  # fmt: skip
    chosen = {**proposed, 8: "attr:customer_grade"}
    rosters.save_mapping(people["admin"], kind=tobacco, headers=headers, mapping=chosen)
    assert AuditEvent.objects.filter(action="sites.roster.mapping_saved").count() == 1
    # The next sheet of the kind: the saved choice comes back, also for the header no synonym knows.
    again = rosters.proposed_mapping(tobacco, ["档位", "店名", "备注", "许可证编号"])
    assert again == {0: "attr:customer_grade", 1: "name", 3: "licence_number"}
    result = rosters.import_roster(
        people["admin"], kind=tobacco, sheet=sheet, mapping=chosen, file_name="own.xlsx"
    )
    assert result.ok, result.errors
    site = Site.objects.get()
    assert (site.name, site.operator, site.attributes["customer_grade"]) == (
        "好又多便利店",
        "王芳",
        5,
    )
    # errors name the office's own header
    bad = sheet_of(headers, [[1, "甲店", "", "330199100009", "123", "", *IN_C1, "x", ""]])
    result = rosters.import_roster(
        people["admin"], kind=tobacco, sheet=bad, mapping=chosen, file_name="own.xlsx"
    )
    assert named(result) == {(2, "社会信用代码"), (2, "档位")}
    assert propose(headers, fields, {}) == proposed


def test_a_mapping_may_not_fill_one_field_twice(people, tobacco):
    with pytest.raises(SiteError, match="same field"):
        rosters.save_mapping(
            people["admin"], kind=tobacco, headers=["店名", "名称"], mapping={0: "name", 1: "name"}
        )


def test_a_community_imports_only_within_its_territory(people, territory, tobacco):
    handler = people["handler"]  # 柳岸社区 (c1)
    assert rosters.may_import(handler, tobacco)
    result = run(
        handler,
        tobacco,
        [
            template_row("甲店", "330199100001", IN_C1),
            template_row("乙店", "330199100002", IN_C2),
            template_row("丙店", "330199100003", None),
        ],
    )
    assert [(e.row, e.column) for e in result.errors] == [(3, "经度")]
    assert "outside your area" in result.errors[0].message
    result = run(handler, tobacco, [template_row("丙店", "330199100003", None)])
    assert result.ok
    site = Site.objects.get()
    assert site.owner_unit.code == "liuan" and site.community.code == "liuan"
    assert result.roster.unit.code == "liuan"


def test_a_community_cannot_update_another_communitys_site(people, territory, tobacco):
    register_site(
        people["admin"], kind=tobacco, name="桃园店", lon=IN_C2[0], lat=IN_C2[1],
        licences=[LicenceInput("330199100002")],
    )  # fmt: skip
    result = run(people["handler"], tobacco, [template_row("桃园店", "330199100002", IN_C1)])
    assert not result.ok
    assert "outside your area" in result.errors[0].message
    assert Site.objects.get().owner_unit.code == "taoyuan"


def test_a_department_imports_the_kinds_it_supervises_only(people, units, tobacco):
    dept = people["dept_handler"]  # 城管执法局
    snack = SiteKind.objects.get(code="snack_stall")
    snack.departments.add(units["dept"])
    dept = type(dept).objects.get(pk=dept.pk)
    assert rosters.may_import(dept, snack)
    assert not rosters.may_import(dept, tobacco)
    with pytest.raises(SiteError):
        run(dept, tobacco, [template_row()])
    for who in ("leader", "dispatcher", "inspector"):
        assert not rosters.may_import(people[who], tobacco), who


def test_a_survey_import_by_someone_who_answers_for_no_community_is_refused(
    people, territory, tobacco
):
    import datetime as dt

    from zhengzhi.sites.services.surveys import create_survey

    survey = create_survey(
        people["admin"], title="摸底", kinds=[tobacco], starts_on=dt.date(2026, 1, 1),
        deadline=dt.date(2026, 12, 31),
    )  # fmt: skip
    with pytest.raises(SiteError, match="community"):
        run(people["admin"], tobacco, [template_row()], survey=survey)
    assert Site.objects.count() == 0


def test_a_csv_in_gb18030_as_excel_saves_it(people, territory, tobacco):
    from zhengzhi.sites.importing.reading import read_sheet

    text = ",".join(TEMPLATE) + "\n" + ",".join(str(v) for v in template_row()) + "\n"
    sheet = read_sheet(text.encode("gb18030"), "roster.csv")
    assert sheet.headers[1] == "名称"
    result = rosters.import_roster(
        people["admin"], kind=tobacco, sheet=sheet,
        mapping=rosters.proposed_mapping(tobacco, sheet.headers), file_name="roster.csv",
    )  # fmt: skip
    assert result.ok, result.errors
    assert Site.objects.get().name == "好又多便利店"
