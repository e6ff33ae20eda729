"""Cases personas: the county tobacco bureau (a department) and its officer, a police
sub-bureau with an account, a licensed retailer in community c1, the shipped types."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from zhengzhi.conftest import _child, _root, make_user
from zhengzhi.core.roles import Role
from zhengzhi.org.models import UnitKind


@pytest.fixture(autouse=True)
def shipped(request):
    """The shipped kinds and case types, as the data migrations leave them (a browser test on
    the same worker flushes every table, migration data included)."""
    if not any(n in request.fixturenames for n in ("db", "transactional_db", "live_server")) and (
        "django_db" not in {m.name for m in request.node.iter_markers()}
    ):
        yield
        return
    transactional = any(n in request.fixturenames for n in ("transactional_db", "live_server"))
    request.getfixturevalue("transactional_db" if transactional else "db")
    from zhengzhi.cases.models import CaseType
    from zhengzhi.cases.services.shipped import load_shipped
    from zhengzhi.sites.models import SiteKind
    from zhengzhi.sites.services.kinds import load_site_kinds

    if not SiteKind.objects.exists():
        load_site_kinds()
    if not CaseType.objects.exists():
        load_shipped()
    yield


@pytest.fixture
def cunits(units):
    bureau = _root(name="县烟草专卖局", code="ycj", kind=UnitKind.DEPARTMENT)
    squad = _child(bureau, name="稽查一中队", code="ycj-1", kind=UnitKind.DEPARTMENT)
    police = _root(name="县公安局城关派出所", code="gaj-cg", kind=UnitKind.DEPARTMENT)
    market = _root(name="县市场监管局", code="scj", kind=UnitKind.DEPARTMENT)
    for u in (bureau, squad, police, market):
        u.refresh_from_db()
    return {**units, "bureau": bureau, "squad": squad, "police": police, "market": market}


@pytest.fixture
def cpeople(people, cunits):
    return {
        **people,
        "officer": make_user("officer", cunits["bureau"], Role.HANDLER, full_name="王稽查"),
        "squad_officer": make_user("squad_officer", cunits["squad"], Role.HANDLER),
        "police_user": make_user("police_user", cunits["police"], Role.HANDLER),
        "market_user": make_user("market_user", cunits["market"], Role.HANDLER),
    }


@pytest.fixture
def types(db):
    from zhengzhi.cases.models import CaseType

    return {t.code: t for t in CaseType.objects.all()}


@pytest.fixture
def retailer(cunits):
    from zhengzhi.sites.models import SiteKind
    from zhengzhi.sites.tests.helpers_coverage import make_site

    # The bureau supervises tobacco retailers across the county: it sees them.
    SiteKind.objects.get(code="tobacco_retailer").departments.add(cunits["bureau"])
    return make_site(
        "柳岸便利店",
        owner=cunits["c1"],
        kind_code="tobacco_retailer",
        operator="李四",
        address="柳岸路1号",
        licences=[("530000000001", dt.date(2028, 1, 1))],
    )


def file(actor, case_type, *, site=None, value="1.5", goods=(), filed_on=None, **extra):
    from zhengzhi.cases.services.filing import CaseInput, Goods, file_case
    from zhengzhi.conftest import local

    filed_on = filed_on or dt.date(2026, 6, 10)
    now = extra.pop("now", local(filed_on.year, filed_on.month, filed_on.day, 10))
    data = CaseInput(
        case_type=case_type,
        value=Decimal(str(value)),
        found_on=extra.pop("found_on", filed_on),
        filed_on=filed_on,
        site=site,
        goods=[Goods(*g) for g in goods],
        **extra,
    )
    return file_case(actor, data, now=now)


# The seed's county year (seed_support.py), for the tables' and the exports' tests.
from zhengzhi.cases.tests.seed_support import county_year  # noqa: E402, F401
