"""The questionnaire's part of seed_demo: one open survey with its answers, once."""

import pytest

from zhengzhi.surveys.demo import build_demo_survey
from zhengzhi.surveys.models import Response, Survey

pytestmark = pytest.mark.django_db


def test_the_demo_survey_is_built_once(staff):
    out = build_demo_survey()
    assert out["answers"] == Response.objects.count() == 160
    assert Survey.objects.count() == 1
    assert build_demo_survey() == {"skipped": True}
    assert Survey.objects.count() == 1
