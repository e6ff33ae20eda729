"""Rate limits per client address, shared by the public page and the Open311 POST."""

import pytest
from django.core.cache import caches
from django.core.cache.backends.base import BaseCache
from django.test import RequestFactory

from zhengzhi.public import limits


@pytest.fixture(autouse=True)
def _empty_counters(db):
    caches["ratelimit"].clear()
    yield
    caches["ratelimit"].clear()


def _request(ip="203.0.113.7", **meta):
    return RequestFactory().post("/report", REMOTE_ADDR=ip, **meta)


def test_the_budget_per_address_is_counted_in_the_database_cache(settings):
    settings.PUBLIC_RATE = "3/h"
    assert [limits.over_limit(_request(), limits.REPORT) for _ in range(4)] == [
        False,
        False,
        False,
        True,
    ]
    # another address, another group: their own budgets
    assert not limits.over_limit(_request("203.0.113.8"), limits.REPORT)
    assert not limits.over_limit(_request(), limits.OPEN311)
    assert 1 <= limits.retry_after(_request(), limits.REPORT) <= 3600 + 5


def test_an_empty_rate_turns_the_limit_off(settings):
    settings.PUBLIC_RATE = ""
    assert not any(limits.over_limit(_request(), limits.REPORT) for _ in range(50))


def test_ipv6_counts_per_household_and_the_proxy_header_is_used_when_configured(settings):
    assert limits.client_address(_request("2001:db8:1:2:3:4:5:6")) == "2001:db8:1:2::"
    assert limits.client_address(_request("bogus")) == "unknown"
    req = _request("10.0.0.1", HTTP_X_REAL_IP="198.51.100.9")
    assert limits.client_address(req) == "10.0.0.1"
    settings.PUBLIC_CLIENT_IP_HEADER = "HTTP_X_REAL_IP"
    assert limits.client_address(req) == "198.51.100.9"


@pytest.mark.parametrize("header", ["X-Forwarded-For", "x-forwarded-for", "HTTP_X_FORWARDED_FOR"])
def test_the_proxy_header_is_read_as_people_write_it(settings, header):
    settings.PUBLIC_CLIENT_IP_HEADER = header
    req = _request("10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.9")
    assert limits.client_address(req) == "198.51.100.9"


def test_a_forged_left_entry_does_not_buy_a_fresh_budget(settings):
    """The client may send its own X-Forwarded-For; the proxy appends the address it saw."""
    settings.PUBLIC_CLIENT_IP_HEADER = "X-Forwarded-For"
    settings.PUBLIC_RATE = "2/h"
    forged = [
        _request("10.0.0.1", HTTP_X_FORWARDED_FOR=f"192.0.2.{n}, 198.51.100.9") for n in range(3)
    ]
    assert limits.client_address(forged[0]) == "198.51.100.9"
    assert [limits.over_limit(r, limits.REPORT) for r in forged] == [False, False, True]


def test_with_two_proxies_the_second_entry_from_the_right_is_the_client(settings):
    settings.PUBLIC_CLIENT_IP_HEADER = "X-Forwarded-For"
    settings.PUBLIC_PROXY_COUNT = 2
    req = _request("10.0.0.1", HTTP_X_FORWARDED_FOR="192.0.2.1, 198.51.100.9, 10.0.0.2")
    assert limits.client_address(req) == "198.51.100.9"
    # a shorter list than the chain of proxies did not pass through all of them
    assert (
        limits.client_address(_request("10.0.0.1", HTTP_X_FORWARDED_FOR="10.0.0.2")) == "10.0.0.1"
    )


class BrokenCache(BaseCache):
    """A cache server that is down."""

    def __init__(self, location, params):
        super().__init__(params)

    def add(self, *args, **kwargs):
        raise ConnectionError("cache down")

    get = incr = add

    def clear(self):
        pass


def test_a_failing_cache_does_not_refuse_or_break_submissions(settings):
    settings.PUBLIC_RATE = "1/h"
    settings.CACHES = {
        **settings.CACHES,
        "ratelimit": {"BACKEND": "zhengzhi.public.tests.test_limits.BrokenCache"},
    }
    assert not limits.over_limit(_request(), limits.REPORT)
    assert not limits.over_limit(_request(), limits.REPORT)
