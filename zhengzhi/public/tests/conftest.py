"""Fixtures of the public side: the ledger's district, grids and categories, and a citizen's
report made through the intake service (as /report and the Open311 POST make them)."""

import pytest

from zhengzhi.files.tests.samples import phone_jpeg, upload
from zhengzhi.ledger.tests.conftest import categories, grids, new_problem, staff  # noqa: F401
from zhengzhi.public.services.intake import submit_report

INSIDE = (120.005, 30.005)  # in grid 柳岸1 of community c1
INSIDE_C2 = (120.015, 30.005)  # in grid 桃园1 of community c2
OUTSIDE = (116.4, 39.9)  # far from every grid and boundary


@pytest.fixture
def photo():
    def make(name="现场.jpg"):
        return upload(name, phone_jpeg(), "image/jpeg")

    return make


@pytest.fixture
def public_report(categories, grids, staff):  # noqa: F811 (the imported fixtures)
    """submit_report with sensible defaults; keyword arguments override them."""

    def make(**kw):
        lon, lat = kw.pop("point", INSIDE)
        fields = {
            "category": categories["0101"],
            "description": "小区门口垃圾堆了三天没人清理",
            "lon": lon,
            "lat": lat,
            "address": "柳岸路8号",
            "name": "张三",
            "phone": "13812341234",
        }
        fields.update(kw)
        return submit_report(**fields)

    return make
