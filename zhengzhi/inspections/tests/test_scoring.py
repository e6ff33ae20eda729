from decimal import Decimal

import pytest

from zhengzhi.inspections.models import ChecklistItem, Result, Scoring
from zhengzhi.inspections.services.errors import InspectionError
from zhengzhi.inspections.services.scoring import score_item, total

BANDS = [
    {"min": "18", "max": "20", "label": "好"},
    {"min": "10", "max": "17", "label": "中"},
    {"min": "0", "max": "9", "label": "差"},
]


def item(**kw):
    return ChecklistItem(code="X", text="x", **kw)


def test_pass_fail_and_not_applicable():
    i = item(scoring=Scoring.PASS_FAIL, points=Decimal(4))
    assert score_item(i, "pass").score == 4
    assert score_item(i, "fail").score == 0
    assert score_item(i, "na").score is None


def test_deductions_per_finding_never_below_zero():
    i = item(scoring=Scoring.DEDUCTION, points=Decimal(4), deduction=Decimal("1.5"))
    two = score_item(i, "fail", findings=2)
    assert (two.result, two.score) == (Result.FAIL, Decimal(1))
    assert score_item(i, "fail", findings=5).score == 0
    assert score_item(i, "fail").findings == 1  # a failure is at least one finding
    assert score_item(i, "pass", findings=1).result == Result.FAIL


@pytest.mark.parametrize(
    ("points", "band", "result"),
    [
        ("20", "好", "pass"),
        ("18", "好", "pass"),
        ("17", "中", "pass"),
        ("10", "中", "pass"),
        ("9", "差", "fail"),
        ("0", "差", "fail"),
    ],
)
def test_bands(points, band, result):
    i = item(scoring=Scoring.POINTS, points=Decimal(20), bands=BANDS)
    s = score_item(i, "pass", points=Decimal(points))
    assert (s.band, s.result, s.score) == (band, result, Decimal(points))


def test_a_band_marked_failing_decides():
    bands = [{**b, "fails": b["label"] != "好"} for b in BANDS]
    i = item(scoring=Scoring.POINTS, points=Decimal(20), bands=bands)
    assert score_item(i, "pass", points=Decimal(17)).result == Result.FAIL


def test_points_out_of_range_are_refused():
    i = item(scoring=Scoring.POINTS, points=Decimal(20), bands=BANDS)
    with pytest.raises(InspectionError):
        score_item(i, "pass", points=Decimal(21))
    with pytest.raises(InspectionError):
        score_item(i, "fail")  # a failure of a banded item needs its points


def test_total_against_the_pass_line_leaves_out_what_does_not_apply():
    a = item(scoring=Scoring.PASS_FAIL, points=Decimal(5))
    b = item(scoring=Scoring.DEDUCTION, points=Decimal(5), deduction=Decimal(1))
    c = item(scoring=Scoring.PASS_FAIL, points=Decimal(90))
    t = total(
        [
            (a, score_item(a, "pass")),
            (b, score_item(b, "fail", findings=2)),
            (c, score_item(c, "na")),
        ],
        Decimal(85),
    )
    assert (t.score, t.max_score, t.percent, t.passed, t.failures) == (
        Decimal(8),
        Decimal(10),
        Decimal("80.00"),
        False,
        1,
    )
    assert total([(a, score_item(a, "pass"))], None).passed is None  # no pass line: unknown
