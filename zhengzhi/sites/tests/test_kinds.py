"""A kind's field declarations and the reading of attribute values against them."""

import pytest

from zhengzhi.sites.kinds import DeclarationError, clean_attributes, parse_fields

CATALOGUE = ["粮食加工品", "食用油、油脂及其制品", "调味品", "糕点"]
FIELDS = parse_fields(
    [
        {"key": "registered", "label": "登记品种", "type": "choices", "choices": CATALOGUE},
        {
            "key": "made",
            "label": "实际品种",
            "type": "choices",
            "choices": CATALOGUE,
            "within": "registered",
        },
        {"key": "grade", "label": "档位", "type": "integer", "min": 1, "max": 30},
        {"key": "alarm", "label": "报警装置", "type": "boolean", "required": True},
        {"key": "since", "label": "开业日期", "type": "date"},
    ]
)


def test_a_choice_holding_a_separator_is_read_whole():
    values, errors = clean_attributes(
        FIELDS, {"registered": "食用油、油脂及其制品、糕点", "made": "糕点", "alarm": "是"}
    )
    assert not errors
    assert values["registered"] == ["食用油、油脂及其制品", "糕点"]


def test_values_are_typed_and_bad_ones_named():
    values, errors = clean_attributes(
        FIELDS,
        {
            "registered": "糕点",
            "made": "糕点，调味品",
            "grade": "31",
            "alarm": "也许",
            "since": "2026年2月30日",
        },
    )
    assert set(errors) == {"made", "grade", "alarm", "since"}
    values, errors = clean_attributes(FIELDS, {"grade": "12", "alarm": "否", "since": "2026/3/1"})
    assert not errors and values == {"grade": 12, "alarm": False, "since": "2026-03-01"}
    _, errors = clean_attributes(FIELDS, {"grade": "3"})
    assert errors == {"alarm": errors["alarm"]}  # required, and nothing else


@pytest.mark.parametrize(
    "bad",
    [
        [{"key": "Bad Key", "label": "x"}],
        [{"key": "a", "label": "x"}, {"key": "a", "label": "y"}],
        [{"key": "a", "label": "x", "type": "colour"}],
        [{"key": "a", "label": "x", "type": "choice"}],
        [{"key": "a", "label": "x", "type": "choices", "choices": ["p"], "within": "nope"}],
        {"key": "a"},
    ],
)
def test_a_bad_declaration_is_refused(bad):
    with pytest.raises(DeclarationError):
        parse_fields(bad)
