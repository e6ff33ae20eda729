import datetime as dt

import pytest
from pydantic import TypeAdapter, ValidationError

from zhengzhi.core.validators import DATE_MAX, DATE_MIN, SafeDate

safe_date = TypeAdapter(SafeDate)


@pytest.mark.parametrize("value", [0, 1.5, "0", "1700000000", "20260301", "2026-03-01T00:00"])
def test_a_safe_date_is_never_read_from_a_number(value):
    with pytest.raises(ValidationError) as exc:
        safe_date.validate_python(value)
    assert exc.value.errors()[0]["type"] == "date_parsing"


def test_a_safe_date_is_yyyy_mm_dd_within_the_bounds():
    assert safe_date.validate_python("2026-03-01") == dt.date(2026, 3, 1)
    assert safe_date.validate_python(dt.date(2026, 3, 1)) == dt.date(2026, 3, 1)
    assert safe_date.validate_python(DATE_MAX.isoformat()) == DATE_MAX
    for outside in ("9999-12-31", "0001-01-01", (DATE_MIN - dt.timedelta(days=1)).isoformat()):
        with pytest.raises(ValidationError):
            safe_date.validate_python(outside)
    with pytest.raises(ValidationError):
        safe_date.validate_python("2026-02-30")
