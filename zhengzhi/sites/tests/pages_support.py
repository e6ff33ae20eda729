"""Fixtures of the registry's page, API and scope tests (import the `*_fixture` names; tests
take them by the short name): two communities with a grid each, a tobacco bureau that
supervises the tobacco kinds, and sites registered through the service."""

import datetime as dt

import pytest

from zhengzhi.conftest import _root, make_user
from zhengzhi.core.roles import Role
from zhengzhi.org.models import UnitKind
from zhengzhi.sites.models import SiteKind
from zhengzhi.sites.services.sites import LicenceInput, register_site
from zhengzhi.territory import services as territory

TODAY = dt.date(2026, 12, 6)
C1_POINT = (120.005, 30.005)  # in 柳岸社区's grid
C2_POINT = (120.015, 30.005)  # in 桃园社区's grid


def _box(x0, y0, x1, y1):
    return {"type": "Polygon", "coordinates": [[[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]]}


@pytest.fixture(name="site_grids")
def site_grids_fixture(units, people):
    c1, c2 = units["c1"], units["c2"]
    return [
        territory.create_grid(
            actor=people["admin"],
            code=c1.division_code + "001",
            name="柳岸1",
            community=c1,
            geometry=_box(120.00, 30.00, 120.01, 30.01),
        ),
        territory.create_grid(
            actor=people["admin"],
            code=c2.division_code + "001",
            name="桃园1",
            community=c2,
            geometry=_box(120.01, 30.00, 120.02, 30.01),
        ),
    ]


@pytest.fixture(name="tobacco_bureau")
def tobacco_bureau_fixture(units):
    bureau = _root(name="烟草专卖局", code="ycj", kind=UnitKind.DEPARTMENT)
    for code in ("tobacco_retailer", "unlicensed_seller"):
        SiteKind.objects.get(code=code).departments.add(bureau)
    return {
        "unit": bureau,
        "handler": make_user("tobacco_handler", bureau, Role.HANDLER),
    }


@pytest.fixture(name="make_site")
def make_site_fixture(people, site_grids):
    """make_site(kind_code, point=C1_POINT, **fields): a site registered by the office admin.
    A licence is made up for kinds that need one unless `licences` is given."""
    counter = {"n": 0}

    def make(kind="small_restaurant", point=C1_POINT, **fields):
        counter["n"] += 1
        k = SiteKind.objects.get(code=kind)
        licences = fields.pop("licences", None)
        if licences is None and k.licence_required:
            licences = [
                LicenceInput(number=f"L{counter['n']:05d}", expires_on=TODAY.replace(year=2028))
            ]
        attributes = fields.pop("attributes", None)
        if attributes is None:
            attributes = {"registered_products": ["糕点"]} if kind == "food_workshop" else {}
        lon, lat = point if point else (None, None)
        return register_site(
            people["admin"],
            kind=k,
            name=fields.pop("name", f"测试{k.name}{counter['n']}"),
            lon=lon,
            lat=lat,
            licences=licences or [],
            attributes=attributes,
            **fields,
        )

    return make
