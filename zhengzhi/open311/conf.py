"""Open311 settings, each read from Django settings when the project defines it there, otherwise
from the environment through the strict helpers (a bad value stops with the variable named).

ZZ_OPEN311_JURISDICTION  the jurisdiction_id this endpoint answers to (e.g. "qingchuan.gov.cn");
                         empty (the default): any jurisdiction_id is accepted, as the endpoint
                         serves one jurisdiction only.
ZZ_OPEN311_CONTACT       the contact published in the service discovery document.
ZZ_OPEN311_RATE          POSTs per client address ("600/h"; per s, m, h or d); unset: the public
                         page's ZZ_PUBLIC_RATE; empty: no limit. A client such as a FixMyStreet
                         installation posts all its users' reports from one address.
"""

from __future__ import annotations

import re

from django.conf import settings

from zhengzhi.envconf import SettingsError, envstr

# GeoReport v2: a query may not span more than 90 days; without dates, the last 90 days; at
# most 1000 requests in one answer.
MAX_SPAN_DAYS = 90
MAX_REQUESTS = 1000
MAX_MEDIA_URLS = 6
MAX_DESCRIPTION = 4000


def _value(name: str, env: str) -> str:
    value = getattr(settings, name, None)
    if value is None:
        value = envstr(env, "")
    return (value or "").strip()


def jurisdiction() -> str:
    return _value("OPEN311_JURISDICTION", "ZZ_OPEN311_JURISDICTION")


def contact() -> str:
    return _value("OPEN311_CONTACT", "ZZ_OPEN311_CONTACT")


def post_rate() -> str:
    value = getattr(settings, "OPEN311_RATE", None)
    if value is None:
        value = envstr("ZZ_OPEN311_RATE", None)
    if value is None:
        return settings.PUBLIC_RATE
    value = value.strip()
    if value and not re.fullmatch(r"[1-9][0-9]*/[smhd]", value):
        raise SettingsError(
            'ZZ_OPEN311_RATE must look like "600/h" (per s, m, h or d), or be empty'
        )
    return value
