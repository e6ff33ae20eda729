"""Inspections personas: the shipped problem categories, standards, site kinds and checklists;
a restaurant and a market in community c1 and a restaurant in the other street; a photo."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from zhengzhi.conftest import make_user
from zhengzhi.core.roles import Role
from zhengzhi.files.tests.samples import image_bytes
from zhengzhi.sites.tests.helpers_coverage import make_site


@pytest.fixture
def shipped(units):
    from zhengzhi.inspections.services.loading import load_checklists
    from zhengzhi.ledger.services.categories import load_categories
    from zhengzhi.sites.models import SiteKind
    from zhengzhi.sites.services.kinds import load_site_kinds
    from zhengzhi.standards.services.loading import load_standards

    load_categories()
    if not SiteKind.objects.exists():
        load_site_kinds()
    load_standards()
    load_checklists()


@pytest.fixture
def checklists(shipped):
    from zhengzhi.inspections.models import Checklist

    return {c.code: c for c in Checklist.objects.select_related("current")}


@pytest.fixture
def staff(people, units):
    return {
        **people,
        "c2_handler": make_user("c2_handler", units["c2"], Role.HANDLER),
        "c1_leader": make_user("c1_leader", units["c1"], Role.UNIT_LEADER),
    }


@pytest.fixture
def sites(units, shipped):
    return {
        "restaurant": make_site(
            "老王面馆", owner=units["c1"], kind_code="small_restaurant", address="柳岸路2号"
        ),
        "market": make_site(
            "柳岸农贸市场", owner=units["c1"], kind_code="market", address="柳岸路9号"
        ),
        "far": make_site(
            "西山饭店",
            owner=units["other_street"],
            kind_code="small_restaurant",
            address="西山路1号",
        ),
    }


def upload(user, unit=None):
    from zhengzhi.files.services import store_upload

    f = SimpleUploadedFile("现场.jpg", image_bytes(), content_type="image/jpeg")
    return store_upload(f, user=user, unit=unit or user.unit).pk


@pytest.fixture
def photo():
    return upload


NOW = dt.datetime(2026, 6, 10, 10, 0, tzinfo=dt.UTC)
