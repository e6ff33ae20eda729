"""Shared by the roster and survey tests: a small territory with grids, sheets built in memory,
valid credit codes.

    30.02 +----------------------+
          |  g3 (c2) ...002001   |
    30.01 +-----------+----------+
          | g1 (c1)   | g2 (c1)  |
    30.00 +-----------+----------+
        120.00     120.01     120.02
"""

from __future__ import annotations

import io

import pytest
from openpyxl import Workbook

from zhengzhi.sites.credit_code import check_character
from zhengzhi.sites.importing.reading import Sheet, read_sheet
from zhengzhi.sites.models import SiteKind
from zhengzhi.sites.services.kinds import load_site_kinds

C1, C2 = "330199001001", "330199001002"
IN_C1 = (120.005, 30.005)
IN_C1_G2 = (120.015, 30.005)
IN_C2 = (120.005, 30.015)
OUTSIDE = (121.5, 31.5)

TEMPLATE = ["站点编码", "名称", "经营者", "电话", "统一社会信用代码", "地址", "经度", "纬度",
            "许可证号", "许可证发证机关", "发证日期", "有效期至", "客户档位", "经营业态", "学校周边"]  # fmt: skip


def box(x0, y0, x1, y1):
    return {"type": "Polygon", "coordinates": [[[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]]}


def credit(n: int) -> str:
    """A valid unified social credit code (GB 32100 check character), different for each n."""
    first = f"92330199MA{n:07d}"
    return first + check_character(first)


def xlsx(headers: list[str], rows: list[list]) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def sheet_of(headers: list[str], rows: list[list]) -> Sheet:
    return read_sheet(xlsx(headers, rows), "roster.xlsx")


def template_row(
    name="好又多便利店",
    licence="330199100001",
    point=IN_C1,
    code="",
    credit_code="",
    phone="13800000000",
    grade=5,
    form="便利店",
    expires="2027-06-30",
) -> list:
    lon, lat = point if point else ("", "")
    return [code, name, "王芳", phone, credit_code, "柳岸路1号", lon, lat, licence,
            "青川区烟草专卖局", "2022-07-01", expires, grade, form, "否"]  # fmt: skip


@pytest.fixture
def tobacco(db) -> SiteKind:
    load_site_kinds()  # a transactional test may have flushed the migration's kinds
    return SiteKind.objects.get(code="tobacco_retailer")


@pytest.fixture
def territory(units, people):
    from zhengzhi.territory import services

    admin = people["admin"]
    grids = {
        "g1": services.create_grid(actor=admin, code=C1 + "001", name="柳岸1号网格",
                                   community=units["c1"], geometry=box(120.00, 30.00, 120.01, 30.01)),
        "g2": services.create_grid(actor=admin, code=C1 + "002", name="柳岸2号网格",
                                   community=units["c1"], geometry=box(120.01, 30.00, 120.02, 30.01)),
        "g3": services.create_grid(actor=admin, code=C2 + "001", name="桃园1号网格",
                                   community=units["c2"], geometry=box(120.00, 30.01, 120.02, 30.02)),
    }  # fmt: skip
    return grids
