"""The GB 32100 check of the unified social credit code, and the reasons the registry gives."""

import pytest
from django.utils import translation

from zhengzhi.sites import credit_code
from zhengzhi.sites.services.errors import SiteError
from zhengzhi.sites.services.sites import clean_credit_code


@pytest.mark.parametrize(
    "code",
    [
        "91350100M000100Y43",  # published examples
        "91110000600037341L",
        "91350100m000100y43",  # lower case, as typed
        " 9135 0100M000100Y43 ",  # spaces, as pasted
    ],
)
def test_valid_codes(code):
    assert credit_code.is_valid(code)
    assert clean_credit_code(code) == credit_code.normalise(code)


@pytest.mark.parametrize(
    "code, reason",
    [
        ("91350100M000100Y4", "length"),  # 17 characters
        ("91350100M000100Y433", "length"),  # 19
        ("", "length"),
        ("91350100M000100YI3", "character"),  # I is not in the character set
        ("91350100M000100YO3", "character"),  # nor O
        ("9135010OM000100Y43", "character"),
        ("91350100M000100Y4S", "character"),  # nor S as the check character
        ("91350100M000100Y44", "check"),  # one off
        ("91110000600037341K", "check"),
        ("91110000600037342L", "check"),  # a changed digit
    ],
)
def test_invalid_codes(code, reason):
    assert credit_code.problem(credit_code.normalise(code)) == reason
    assert not credit_code.is_valid(code)


def test_check_character_is_computed_over_the_first_seventeen():
    assert credit_code.check_character("91350100M000100Y4") == "3"
    assert credit_code.check_character("91110000600037341") == "L"


@pytest.mark.parametrize(
    "code, words",
    [
        ("91350100M000100Y4", "18 characters"),
        ("91350100M000100YI3", "only digits and capital letters"),
        ("91350100M000100Y44", "check character"),
    ],
)
def test_the_registry_says_what_is_wrong(code, words):
    with translation.override("en"), pytest.raises(SiteError) as exc:
        clean_credit_code(code)
    assert words in str(exc.value.message)
    assert exc.value.code == "credit_code"


def test_blank_is_allowed_for_a_business_without_a_code():
    assert clean_credit_code("") == ""
    assert clean_credit_code("   ") == ""


def test_the_reason_reads_in_chinese():
    with pytest.raises(SiteError) as exc:
        clean_credit_code("91350100M000100Y44")
    assert str(exc.value.message) == "该统一社会信用代码有误：校验码不符。"
