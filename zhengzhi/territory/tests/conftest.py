"""A small territory on top of the shared personas: three grids meeting at one vertex, and
boundaries for both communities, the street and the district.

    30.02 +---------------------+.........+
          |  g3 (c2) ...002001  : c2 only :      c2 boundary runs to 120.03
    30.01 +----------+----------+.........+
          | g1 (c1)  | g2 (c1)  |
          | ...001001| ...001002|
    30.00 +----------+----------+
        120.00     120.01     120.02    120.03
"""

import pytest
from django.utils import translation

from zhengzhi.org.models import TerritoryLevel, Unit, UnitKind
from zhengzhi.territory import services

C1, C2 = "330199001001", "330199001002"


def box(x0, y0, x1, y1):
    return {"type": "Polygon", "coordinates": [[[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]]}


BOWTIE = {
    "type": "Polygon",
    "coordinates": [
        [[120.0, 30.0], [120.01, 30.01], [120.01, 30.0], [120.0, 30.01], [120.0, 30.0]]
    ],
}


@pytest.fixture(autouse=True)
def _english():
    # Messages are asserted in English; test_i18n checks the Chinese catalogue.
    with translation.override("en"):
        yield


@pytest.fixture
def grids(units, people):
    admin = people["admin"]
    # Created in reverse code order, so that "lowest code wins" is not "first created wins".
    g3 = services.create_grid(
        actor=admin,
        code=C2 + "001",
        name="桃园1号网格",
        community=units["c2"],
        geometry=box(120.00, 30.01, 120.02, 30.02),
        worker_name="赵六",
        worker_phone="13800000003",
    )
    g2 = services.create_grid(
        actor=admin,
        code=C1 + "002",
        name="柳岸2号网格",
        community=units["c1"],
        geometry=box(120.01, 30.00, 120.02, 30.01),
        worker_name="李四",
    )
    g1 = services.create_grid(
        actor=admin,
        code=C1 + "001",
        name="柳岸1号网格",
        community=units["c1"],
        geometry=box(120.00, 30.00, 120.01, 30.01),
        worker=people["handler"],
        worker_phone="13800000001",
        responsible_party="柳岸社区居委会",
    )
    return {"g1": g1, "g2": g2, "g3": g3}


@pytest.fixture
def boundaries(units, people):
    admin = people["admin"]
    for key, geom in (
        ("c1", box(120.00, 30.00, 120.02, 30.01)),
        ("c2", box(120.00, 30.01, 120.03, 30.02)),
        ("street", box(119.99, 29.99, 120.04, 30.03)),
        ("district", box(119.98, 29.98, 120.05, 30.05)),
    ):
        services.set_unit_boundary(units[key], geom, actor=admin)


def feature(geometry, **props):
    return {"type": "Feature", "geometry": geometry, "properties": props}


def collection(*features):
    return {"type": "FeatureCollection", "features": list(features)}


@pytest.fixture
def demo_org(units, people):
    streets = [units["street"], units["other_street"]]
    communities = [units["c1"], units["c2"]]
    for n, name in enumerate(["湖滨", "晓风", "新塘", "石桥", "云栖", "梅林"], 3):
        street = streets[0] if n <= 4 else streets[1]
        communities.append(
            Unit.objects.add_child(
                street,
                {
                    "name": f"{name}社区",
                    "code": f"c{n}",
                    "kind": UnitKind.TERRITORY,
                    "level": TerritoryLevel.COMMUNITY,
                    "division_code": f"{street.division_code}{n:03d}",
                },
            )
        )
    for u in (*streets, *communities):
        u.refresh_from_db()
    return {
        "district": units["district"],
        "streets": streets,
        "communities": communities,
        "users": people,
        "departments": [units["dept"]],
    }
