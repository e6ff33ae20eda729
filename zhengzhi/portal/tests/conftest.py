import pytest

from zhengzhi.ledger.tests.conftest import categories, grids, new_problem, staff  # noqa: F401
from zhengzhi.territory import services as territory


def _box(x0, y0, x1, y1):
    ring = [[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]
    return {"type": "Polygon", "coordinates": [ring]}


@pytest.fixture
def demo_grids(units, people):
    c1 = units["c1"]
    return [
        territory.create_grid(
            actor=people["admin"],
            code=f"{c1.division_code}00{i}",
            name=f"柳岸{i}号网格",
            community=c1,
            geometry=_box(120 + i * 0.01, 30.0, 120.01 + i * 0.01, 30.01),
            worker_name="张三",
            worker_phone="13800000001",
        )
        for i in range(1, 4)
    ]
