import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from zhengzhi.ledger.tests.conftest import categories, grids, new_problem, staff  # noqa: F401
from zhengzhi.satisfaction.tests.conftest import closed, report_on  # noqa: F401
from zhengzhi.standards.tests.conftest import sanitary, shipped  # noqa: F401

NOW = dt.datetime(2026, 3, 2, 2, tzinfo=dt.UTC)  # 10:00 in China: the cycle is 2023–2026
TODAY = dt.date(2026, 3, 2)


def pdf(name: str = "制度.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4\n% proof\n%%EOF\n", content_type="application/pdf")


def jpeg(name: str = "现场.jpg") -> SimpleUploadedFile:
    import io

    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 30, 30)).save(buf, "JPEG")
    return SimpleUploadedFile(name, buf.getvalue(), content_type="image/jpeg")


@pytest.fixture
def table(sanitary, people, units):  # noqa: F811
    """The 2021 standard's table: item 1 led by the street with the department supporting,
    item 2 led by the department, item 3 (another category) without an owner."""
    from zhengzhi.archive.models import Duty
    from zhengzhi.archive.services.table import assign, build_table
    from zhengzhi.standards.models import CampaignStandard, Item, StandardVersion

    CampaignStandard.objects.filter(campaign=sanitary).update(
        standard=StandardVersion.objects.get(code="gwcs-2021")
    )
    build_table(people["admin"], sanitary)
    cats = list(
        Item.objects.filter(category__standard__code="gwcs-2021")
        .order_by("category__position", "category__pk", "position", "pk")
        .values_list("category_id", "pk")
    )
    first_cat = cats[0][0]
    in_first = [pk for c, pk in cats if c == first_cat]
    other = next(pk for c, pk in cats if c != first_cat)
    duties = {
        "item1": Duty.objects.get(campaign=sanitary, item_id=in_first[0]),
        "item2": Duty.objects.get(campaign=sanitary, item_id=in_first[1]),
        "item3": Duty.objects.get(campaign=sanitary, item_id=other),
    }
    assign(
        people["admin"],
        duties["item1"].pk,
        lead_unit=units["street"],
        supporting_units=[units["dept"]],
    )
    assign(people["admin"], duties["item2"].pk, lead_unit=units["dept"])
    for d in duties.values():
        d.refresh_from_db()
    return duties


@pytest.fixture
def reqs(table, sanitary, people):  # noqa: F811
    from zhengzhi.archive.services.evidence import declare

    admin = people["admin"]
    return {
        "r1": declare(
            admin,
            sanitary,
            table["item1"].item,
            title="整治现场照片",
            kind="photo",
            count=2,
            per_unit=True,
            per_year=True,
        ),
        "r2": declare(admin, sanitary, table["item1"].item, title="工作制度", kind="document"),
        "r3": declare(
            admin,
            sanitary,
            table["item2"].item,
            title="检查记录",
            kind="record",
            count=3,
            per_unit=True,
        ),
        "r4": declare(admin, sanitary, table["item3"].item, title="会议纪要", kind="record"),
    }
