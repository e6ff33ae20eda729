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
