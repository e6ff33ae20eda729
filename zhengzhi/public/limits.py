"""Rate limits on public submissions, per client address (django-ratelimit's counters).

One budget per address and group: settings.PUBLIC_RATE ("20/h"; empty: no limit), counted in the
cache every process shares (settings.CACHES["ratelimit"]: Redis, or a database table). The public
page and the Open311 POST use the same helpers:

    from zhengzhi.public.limits import over_limit
    if over_limit(request, "open311.post"):
        ...answer 429 with the format's own error...

or, for a plain view, the decorator `limit_posts("public.report", respond=...)`.

A failing cache never turns a submission into an error page: the limit is then not applied (and
the failure is logged), as losing a citizen's report is worse than letting a few more through.
"""

from __future__ import annotations

import functools
import ipaddress
import logging
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django_ratelimit import ALL
from django_ratelimit.core import get_usage

log = logging.getLogger(__name__)

# Group names used in the cache keys: the public page and the Open311 POST count separately.
REPORT = "public.report"
RATING = "public.rating"
OPEN311 = "open311.post"


def meta_name(header: str) -> str:
    """The request.META key of a header, written either as people write it ("X-Forwarded-For")
    or already in Django's form ("HTTP_X_FORWARDED_FOR")."""
    name = header.strip().upper().replace("-", "_")
    return name if name.startswith("HTTP_") else f"HTTP_{name}"


def _from_proxy_header(request: HttpRequest) -> str:
    """The address the trusted proxy wrote. A list (X-Forwarded-For) grows to the right, each proxy
    appending the address it saw: the left entries come from the client and can be forged, so take
    the PUBLIC_PROXY_COUNT-th entry from the right (1: the one our own proxy appended)."""
    header = settings.PUBLIC_CLIENT_IP_HEADER
    if not header:
        return ""
    entries = [e.strip() for e in (request.META.get(meta_name(header)) or "").split(",")]
    entries = [e for e in entries if e]
    count = settings.PUBLIC_PROXY_COUNT
    # fewer entries than proxies: the header did not come through the whole chain; not trusted
    return entries[-count] if len(entries) >= count else ""


def client_address(request: HttpRequest) -> str:
    """The client's address: REMOTE_ADDR, or the header a trusted reverse proxy sets
    (settings.PUBLIC_CLIENT_IP_HEADER). IPv6 clients count per /64, as one household has one."""
    raw = _from_proxy_header(request) or request.META.get("REMOTE_ADDR") or ""
    try:
        address = ipaddress.ip_address(raw)
    except ValueError:
        return "unknown"
    if address.version == 6:
        return str(ipaddress.ip_network(f"{address}/64", strict=False).network_address)
    return str(address)


def _key(group: str, request: HttpRequest) -> str:
    return client_address(request)


def usage(
    request: HttpRequest, group: str, *, rate: str | None = None, increment: bool = True
) -> dict | None:
    """django-ratelimit's usage dict (count, limit, should_limit, time_left), or None when no
    limit applies (no rate configured, or the cache failed)."""
    rate = settings.PUBLIC_RATE if rate is None else rate
    if not rate:
        return None
    try:
        return get_usage(request, group=group, key=_key, rate=rate, method=ALL, increment=increment)
    except Exception:
        log.exception("rate limit: the counter cache failed; not limiting %s", group)
        return None


def over_limit(request: HttpRequest, group: str, *, rate: str | None = None) -> bool:
    """Counts this request against the address's budget; True when the budget is spent."""
    found = usage(request, group, rate=rate, increment=True)
    return bool(found and found["should_limit"])


def retry_after(request: HttpRequest, group: str, *, rate: str | None = None) -> int:
    """Seconds until the address's budget renews (for a Retry-After header)."""
    found = usage(request, group, rate=rate, increment=False)
    return max(1, int(found["time_left"])) if found else 60


def limit_posts(
    group: str, *, respond: Callable[[HttpRequest], HttpResponse], rate: str | None = None
):
    """Decorator: a POST over the limit gets `respond(request)` (which should answer 429)
    instead of the view; other methods pass untouched."""

    def decorate(view):
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.method == "POST" and over_limit(request, group, rate=rate):
                response = respond(request)
                response.setdefault("Retry-After", str(retry_after(request, group, rate=rate)))
                return response
            return view(request, *args, **kwargs)

        return wrapped

    return decorate
