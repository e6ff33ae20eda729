import pytest

from zhengzhi.conftest import make_user
from zhengzhi.core.roles import Role
from zhengzhi.ledger.models import Category, Source
from zhengzhi.ledger.services import intake
from zhengzhi.ledger.services.categories import load_categories
from zhengzhi.territory import services as territory


def _box(x0, y0, x1, y1):
    return {"type": "Polygon", "coordinates": [[[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]]}


@pytest.fixture
def categories(units):
    load_categories()
    return {c.code: c for c in Category.objects.all()}


@pytest.fixture
def staff(people, units):
    """The personas plus the dispatch shift leader and the office's leader."""
    return {
        **people,
        "shiftlead": make_user("shiftlead", units["office"], Role.SHIFT_LEADER, Role.DISPATCHER),
        "officelead": make_user("officelead", units["office"], Role.UNIT_LEADER),
        "c2_handler": make_user("c2_handler", units["c2"], Role.HANDLER),
    }


@pytest.fixture
def grids(units, people):
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


@pytest.fixture
def new_problem(staff, categories, grids):
    def make(category="0401", lon=120.005, lat=30.005, by="handler", **kw):
        return intake.report_problem(
            actor=staff[by],
            source=kw.pop("source", Source.PATROL),
            category=categories[category],
            description=kw.pop("description", "沿街店铺占道经营"),
            lon=lon,
            lat=lat,
            address=kw.pop("address", "柳岸路12号"),
            **kw,
        )

    return make
