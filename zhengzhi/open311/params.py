"""Reading GeoReport v2 parameters: W3C date-times, comma lists, attribute[code] fields, names.

Every problem is an Open311Error with status 400 and a description naming the parameter."""

from __future__ import annotations

import datetime as dt
import re

from django.utils.translation import gettext as _

from zhengzhi.open311.formats import Open311Error
from zhengzhi.public import answers

ATTRIBUTE_RE = re.compile(r"^attribute\[([^\[\]]{1,100})\](\[\])?$")
CJK_RE = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def bad(description) -> Open311Error:
    return Open311Error(400, description)


def refuse_nul(data) -> None:
    """PostgreSQL cannot store a NUL character: refuse it in any parameter, named."""
    for key in data:
        values = data.getlist(key) if hasattr(data, "getlist") else [data[key]]
        if "\x00" in key or any("\x00" in v for v in values if isinstance(v, str)):
            raise bad(_("%(name)s contains a NUL character.") % {"name": key.replace("\x00", "")})


def w3c_datetime(value: str, name: str) -> dt.datetime:
    """A W3C date-time (2010-01-01T00:00:00Z, with an offset, or a bare date); one without a
    time zone is read in the server's time zone. The same reading as the answers' (one rule)."""
    parsed = answers.w3c_datetime(value)
    if parsed is None:
        raise bad(
            _("%(name)s is not a date and time in W3C format, e.g. 2026-05-01T08:00:00+08:00.")
            % {"name": name}
        )
    return parsed


def comma_list(value: str | None) -> list[str]:
    return [v.strip() for v in (value or "").split(",") if v.strip()]


def attribute_fields(data) -> dict[str, list[str]]:
    """attribute[code]=v and attribute[code][]=v1&attribute[code][]=v2 -> {code: [values]}."""
    found: dict[str, list[str]] = {}
    for key in data:
        match = ATTRIBUTE_RE.match(key)
        if match:
            values = [v.strip() for v in data.getlist(key) if isinstance(v, str)]
            found.setdefault(match.group(1).strip(), []).extend(v for v in values if v)
    return found


def full_name(first: str, last: str) -> str:
    """first_name + last_name as a person would write it: 张 + 三 -> 张三 (surname first, no
    space, for Chinese names), John + Smith -> John Smith."""
    first, last = (first or "").strip(), (last or "").strip()
    if first and last and CJK_RE.search(first) and CJK_RE.search(last):
        return last + first
    return f"{first} {last}".strip()
