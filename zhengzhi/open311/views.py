"""The GeoReport v2 endpoints at /open311/v2/, each in .xml and .json.

    GET  services.{fmt}                  the public categories
    GET  services/{service_code}.{fmt}   a category's extra questions (service definition)
    GET  requests.{fmt}                  problems of public categories (filters of the spec)
    POST requests.{fmt}                  a new report (api_key; form-encoded or multipart)
    GET  requests/{service_request_id}.{fmt}
    GET  tokens/{token}.{fmt}            the request id of a tracking code

jurisdiction_id is accepted everywhere (checked only when ZZ_OPEN311_JURISDICTION is set).
Every failure answers the specification's error list (code = HTTP status, description), never
a page and never a 500 for bad input.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import logging

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.http import HttpRequest, HttpResponse, UnreadablePostError
from django.http.multipartparser import MultiPartParserError
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt

from zhengzhi.open311 import conf, selectors
from zhengzhi.open311.answers import clean_answers
from zhengzhi.open311.formats import FORMATS, Open311Error, error_response, respond
from zhengzhi.open311.params import (
    attribute_fields,
    bad,
    comma_list,
    full_name,
    refuse_nul,
    w3c_datetime,
)
from zhengzhi.open311.services.keys import key_for
from zhengzhi.public import limits
from zhengzhi.public.errors import PublicReportError
from zhengzhi.public.models import Channel, PublicReport
from zhengzhi.public.services.intake import submit_report

log = logging.getLogger(__name__)

SPEC_URL = "http://wiki.open311.org/GeoReport_v2"


def endpoint(*methods: str):
    """Format check, method check, jurisdiction check, and errors as Open311 error lists."""

    def decorate(view):
        @csrf_exempt
        @never_cache
        @functools.wraps(view)
        def wrapped(request: HttpRequest, *args, fmt: str, **kwargs) -> HttpResponse:
            shown = fmt if fmt in FORMATS else "xml"
            try:
                if fmt not in FORMATS:
                    raise Open311Error(
                        400,
                        _("The format %(fmt)s is not supported: use .xml or .json.")
                        % {"fmt": fmt[:20]},
                    )
                if request.method not in methods:
                    response = error_response(
                        Open311Error(
                            405,
                            _("This resource answers %(methods)s only.")
                            % {"methods": ", ".join(methods)},
                        ),
                        shown,
                    )
                    response["Allow"] = ", ".join(methods)
                    return response
                data = request.POST if request.method == "POST" else request.GET
                refuse_nul(request.GET)
                refuse_nul(data)
                _check_jurisdiction(
                    request.GET.get("jurisdiction_id") or data.get("jurisdiction_id")
                )
                return view(request, *args, fmt=fmt, **kwargs)
            except Open311Error as exc:
                return error_response(exc, shown)
            except RequestDataTooBig:
                return error_response(Open311Error(413, _("The request is too large.")), shown)
            except (TooManyFieldsSent, MultiPartParserError, UnreadablePostError):
                return error_response(
                    Open311Error(400, _("The request body cannot be read.")), shown
                )

        return wrapped

    return decorate


def _check_jurisdiction(given: str | None) -> None:
    expected = conf.jurisdiction()
    if expected and given and given.strip() != expected:
        raise Open311Error(
            404, _("jurisdiction_id %(id)s was not found.") % {"id": given.strip()[:100]}
        )


def not_found(request: HttpRequest, fmt: str | None = None) -> HttpResponse:
    fmt = fmt or "xml"
    return error_response(Open311Error(404, _("There is no such resource.")), fmt)


# --- service discovery and services -----------------------------------------------------------


def _base_url(request: HttpRequest) -> str:
    return (settings.SITE_URL or request.build_absolute_uri("/").rstrip("/")) + "/open311/v2/"


@endpoint("GET")
def discovery(request: HttpRequest, fmt: str) -> HttpResponse:
    data = {
        "changeset": "2026-01-01T00:00:00+08:00",
        "contact": conf.contact() or None,
        "key_service": _("API keys are issued by the campaign office."),
        "endpoints": [
            {
                "specification": SPEC_URL,
                "url": _base_url(request),
                "changeset": "2026-01-01T00:00:00+08:00",
                "type": "production",
                "formats": ["text/xml", "application/json"],
            }
        ],
    }
    return respond(data, fmt, root="discovery")


@endpoint("GET")
def services(request: HttpRequest, fmt: str) -> HttpResponse:
    return respond(selectors.service_list(), fmt, root="services", item="service")


@endpoint("GET")
def service_definition(request: HttpRequest, code: str, fmt: str) -> HttpResponse:
    category = selectors.service_for_code(code)
    if category is None:
        raise Open311Error(404, _("service_code %(code)s was not found.") % {"code": code[:20]})
    return respond(selectors.service_definition(category), fmt, root="service_definition")


# --- service requests -------------------------------------------------------------------------


@endpoint("GET", "POST")
def service_requests(request: HttpRequest, fmt: str) -> HttpResponse:
    if request.method == "POST":
        return _post(request, fmt)
    problems = list(_query(request.GET))
    return respond(selectors.as_requests(problems), fmt, root="service_requests", item="request")


def _query(params):
    qs = selectors.published_problems().order_by("-reported_at", "-id")
    ids = comma_list(params.get("service_request_id"))
    if ids:
        # The spec: service_request_id overrides every other parameter.
        return qs.filter(number__in=ids[: conf.MAX_REQUESTS])[: conf.MAX_REQUESTS]
    codes = comma_list(params.get("service_code"))
    if codes:
        qs = qs.filter(category__code__in=codes[:200])
    statuses = {s.lower() for s in comma_list(params.get("status"))}
    unknown = statuses - {"open", "closed"}
    if unknown:
        raise bad(_("status must be open, closed or both (comma-separated)."))
    if statuses == {"open"}:
        qs = qs.exclude(status__in=selectors.CLOSED_STATUSES)
    elif statuses == {"closed"}:
        qs = qs.filter(status__in=selectors.CLOSED_STATUSES)
    start, end = params.get("start_date"), params.get("end_date")
    span = dt.timedelta(days=conf.MAX_SPAN_DAYS)
    start_at = w3c_datetime(start, "start_date") if start else None
    end_at = w3c_datetime(end, "end_date") if end else None
    if start_at is None and end_at is None:
        end_at = timezone.now()
    if start_at is None:
        start_at = end_at - span
    if end_at is None:
        end_at = start_at + span
    if end_at < start_at:
        raise bad(_("end_date is before start_date."))
    if end_at - start_at > span:
        raise bad(
            _("start_date and end_date may not span more than %(n)d days.")
            % {"n": conf.MAX_SPAN_DAYS}
        )
    return qs.filter(reported_at__gte=start_at, reported_at__lte=end_at)[: conf.MAX_REQUESTS]


@endpoint("GET")
def service_request(request: HttpRequest, request_id: str, fmt: str) -> HttpResponse:
    problem = selectors.published_problems().filter(number=request_id[:20]).first()
    if problem is None:
        raise Open311Error(
            404, _("service_request_id %(id)s was not found.") % {"id": request_id[:20]}
        )
    return respond(selectors.as_requests([problem]), fmt, root="service_requests", item="request")


@endpoint("GET")
def token(request: HttpRequest, token: str, fmt: str) -> HttpResponse:
    report = (
        PublicReport.objects.select_related("problem")
        .filter(tracking_code=token.strip().upper()[:16])
        .first()
    )
    if report is None:
        raise Open311Error(404, _("token %(token)s was not found.") % {"token": token[:20]})
    data = [{"service_request_id": report.problem.number, "token": report.tracking_code}]
    return respond(data, fmt, root="service_requests", item="request")


# --- POST: a new report ---------------------------------------------------------------------------

ERROR_STATUS = {"invalid_category": 404}


def _post(request: HttpRequest, fmt: str) -> HttpResponse:
    if limits.over_limit(request, limits.OPEN311, rate=conf.post_rate()):
        response = error_response(
            Open311Error(429, _("Too many reports from this address; please try again later.")),
            fmt,
        )
        response["Retry-After"] = str(
            limits.retry_after(request, limits.OPEN311, rate=conf.post_rate())
        )
        return response
    data = request.POST
    api_key = key_for(data.get("api_key") or request.GET.get("api_key") or "")
    if api_key is None:
        raise Open311Error(403, _("Invalid api_key received -- can't proceed with create_request."))
    code = (data.get("service_code") or "").strip()
    if not code:
        raise bad(_("service_code was not provided."))
    category = selectors.service_for_code(code)
    if category is None:
        raise Open311Error(404, _("service_code %(code)s was not found.") % {"code": code[:20]})
    lat, lon = (data.get("lat") or "").strip(), (data.get("long") or "").strip()
    address = (data.get("address_string") or "").strip()
    if bool(lat) != bool(lon):
        raise bad(_("lat and long are required together."))
    if not lat and not address:
        raise bad(_("A location is required: lat and long, or address_string."))
    answers = clean_answers(selectors.attributes_of(category), attribute_fields(data))
    description = (data.get("description") or "").strip()
    if not description:
        # The spec makes description optional; the ledger needs one: the service and answers.
        description = _summary(category, answers)
    photos = request.FILES.getlist("media") + request.FILES.getlist("media[]")
    media_urls = [u.strip() for u in data.getlist("media_url") + data.getlist("media_url[]")]
    try:
        report, _new = submit_report(
            category=category,
            description=description,
            lon=lon or None,
            lat=lat or None,
            address=address,
            photos=photos,
            name=full_name(data.get("first_name", ""), data.get("last_name", "")),
            phone=data.get("phone", ""),
            email=data.get("email", ""),
            wants_updates=(data.get("email_alerts_requested") or "true").strip().lower()
            not in ("false", "0", "no"),
            client_token=_client_token(request, api_key.pk),
            channel=Channel.OPEN311,
            attributes=answers,
            media_urls=[u for u in media_urls if u],
            api_client=api_key.name,
            request=request,
        )
    except PublicReportError as exc:
        raise Open311Error(ERROR_STATUS.get(exc.code, 400), exc.message) from None
    result = {
        "service_request_id": report.problem.number,
        "token": report.tracking_code,
        "service_notice": _notice(request, report),
        "account_id": None,
    }
    return respond([result], fmt, root="service_requests", item="request")


def _summary(category, answers: dict) -> str:
    parts = [category.name]
    for attribute in selectors.attributes_of(category):
        if attribute.code in answers:
            value = answers[attribute.code]
            names = {str(v["key"]): v["name"] for v in attribute.values or []}
            values = value if isinstance(value, list) else [value]
            shown = "、".join(names.get(str(v), str(v)) for v in values)
            parts.append(f"{attribute.description} {shown}")
    return "；".join(parts)


def _client_token(request: HttpRequest, key_id: int) -> str:
    """An Idempotency-Key header (an extension: a client retrying a POST whose answer it lost
    gets the same request back), scoped to the client's key."""
    given = (request.headers.get("Idempotency-Key") or "").strip()
    if not given:
        return ""
    digest = hashlib.sha256(given.encode()).hexdigest()[:40]
    return f"o311:{key_id}:{digest}"


def _notice(request: HttpRequest, report: PublicReport) -> str:
    try:
        path = reverse("public:track", args=[report.tracking_code])
    except NoReverseMatch:
        path = f"/track/{report.tracking_code}"
    url = (settings.SITE_URL or request.build_absolute_uri("/").rstrip("/")) + path
    return _("Received. Follow it with the code %(code)s at %(url)s") % {
        "code": report.tracking_code,
        "url": url,
    }
