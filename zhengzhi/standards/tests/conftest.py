import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from zhengzhi.ledger.tests.conftest import categories, grids, new_problem, staff  # noqa: F401
from zhengzhi.satisfaction.tests.conftest import closed, report_on  # noqa: F401
from zhengzhi.standards.models import Measure
from zhengzhi.standards.services.loading import load_standards


@pytest.fixture
def shipped(db):
    load_standards()


@pytest.fixture
def greening(shipped, units):
    """建成区绿化覆盖率, led by the district's department in the personas (城管执法局)."""
    measure = Measure.objects.get(code="green_coverage")
    measure.lead_department = units["dept"]
    measure.save()
    return measure


def pdf(name: str = "proof.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4\n% proof\n%%EOF\n", content_type="application/pdf")


Y2024 = dt.date(2024, 1, 1)
Y2025 = dt.date(2025, 1, 1)


@pytest.fixture
def sanitary(shipped, units, people):
    """A sanitary-city campaign on the 2014 standard (prerequisites, thresholds), seed 004's bases
    (29.18 km², 28.75万 residents), review at the end of 2026."""
    from decimal import Decimal

    from zhengzhi.campaigns.models import Campaign, CampaignKind, CampaignStatus
    from zhengzhi.standards.models import StandardVersion
    from zhengzhi.standards.services.editing import set_campaign_standard

    campaign = Campaign.objects.create(
        name="创建国家卫生城市",
        kind=CampaignKind.SANITARY_CITY,
        scope_unit=units["district"],
        office_unit=units["office"],
        starts_on=dt.date(2024, 1, 1),
        ends_on=dt.date(2026, 12, 31),
        status=CampaignStatus.ACTIVE,
    )
    set_campaign_standard(
        people["admin"],
        campaign,
        standard=StandardVersion.objects.get(code="gwcs-2014"),
        scored_table=StandardVersion.objects.get(code="gwxc-covert"),
        review_date=dt.date(2026, 12, 31),
        built_up_area=Decimal("29.18"),
        population=287500,
    )
    return campaign


def confirmed(admin, measure, unit, period, raw):
    from zhengzhi.standards.services import values

    value = values.enter_value(admin, measure, unit, period, raw, now=NOW)
    return values.confirm_value(admin, value.pk)


NOW = dt.datetime(2026, 3, 2, 2, tzinfo=dt.UTC)
