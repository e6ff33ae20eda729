"""Fixtures of the Open311 tests: the ledger's district with its grids and categories, the
standard questions, an issued key, and a client that reads English."""

import xml.etree.ElementTree as ET

import pytest
from django.core.cache import caches
from django.test import Client

from zhengzhi.ledger.tests.conftest import categories, grids, new_problem, staff  # noqa: F401
from zhengzhi.open311.services.keys import issue_key
from zhengzhi.public.services.questions import load_questions

INSIDE = (120.005, 30.005)  # in grid 柳岸1 of community c1
OUTSIDE = (116.4, 39.9)  # far from every grid and boundary


@pytest.fixture(autouse=True)
def _no_limit_unless_asked(settings, db):
    # The rate limit has its own tests; the others post freely from one address.
    settings.OPEN311_RATE = ""
    caches["ratelimit"].clear()
    yield
    caches["ratelimit"].clear()


@pytest.fixture
def questions(categories):  # noqa: F811
    load_questions()
    return categories


@pytest.fixture
def api_key(people):
    key, raw = issue_key(
        name="FixMyStreet 青川", contact="王工 0571-1234567", actor=people["admin"]
    )
    key.raw = raw
    return key


@pytest.fixture
def en():
    c = Client()
    c.cookies["django_language"] = "en"
    return c


def parse(response) -> ET.Element:
    assert response["Content-Type"].startswith("text/xml"), response["Content-Type"]
    body = response.content
    assert body.startswith(b'<?xml version="1.0" encoding="utf-8"?>')
    return ET.fromstring(body)


def errors_of(response) -> list[tuple[int, str]]:
    """The spec's error list, from either format."""
    if response["Content-Type"].startswith("text/xml"):
        root = parse(response)
        assert root.tag == "errors"
        return [(int(e.findtext("code")), e.findtext("description")) for e in root.findall("error")]
    return [(e["code"], e["description"]) for e in response.json()]
