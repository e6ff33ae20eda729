"""What Open311 publishes: the public categories as services, their questions as service
definitions, and the problems of those categories as service requests.

Never personal data: a request carries no reporter name, phone or e-mail, no staff name and no
internal note; phone numbers, ID card numbers and e-mail addresses that a reporter typed into a
description are masked. Covert visits (暗访) are never published.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from zhengzhi.ledger.models import Category, Problem, Source, Status
from zhengzhi.public.models import LIST_DATATYPES, Channel, ExtraQuestion, PublicReport

CLOSED_STATUSES = (Status.CLOSED, Status.REJECTED, Status.MERGED)

MOBILE_RE = re.compile(r"(?<!\d)(1[3-9]\d)[ -]?(\d{4})[ -]?(\d{4})(?!\d)")
ID_CARD_RE = re.compile(r"(?<![0-9A-Za-z])(\d{6})\d{8}(\d{3}[\dXx])(?![0-9A-Za-z])")
EMAIL_RE = re.compile(r"[\w.+-]+@([\w-]+\.[\w.-]+)")


def mask_personal(text: str) -> str:
    """138****1234 for mobile numbers, 330102********123X for ID cards, ***@host for e-mail."""
    text = ID_CARD_RE.sub(lambda m: m.group(1) + "*" * 8 + m.group(2), text)
    text = MOBILE_RE.sub(lambda m: m.group(1) + "****" + m.group(3), text)
    return EMAIL_RE.sub(lambda m: "***@" + m.group(1), text)


def w3c(value: dt.datetime | None) -> str | None:
    if value is None:
        return None
    return timezone.localtime(value).isoformat(timespec="seconds")


# --- services -------------------------------------------------------------------------------------


def public_categories() -> QuerySet[Category]:
    """The categories open to public reports: active sub-categories of active main ones."""
    return Category.objects.filter(
        is_public=True, is_active=True, parent__isnull=False, parent__is_active=True
    )


def service_list() -> list[dict[str, Any]]:
    has_questions = ExtraQuestion.objects.filter(category=OuterRef("pk"))
    rows = (
        public_categories()
        .select_related("parent")
        .annotate(has_questions=Exists(has_questions))
        .order_by("parent__sort", "parent__code", "sort", "code")
    )
    return [
        {
            "service_code": c.code,
            "service_name": c.name,
            "description": c.register_condition or c.name,
            "metadata": c.has_questions,
            "type": "realtime",
            "keywords": "",
            "group": c.parent.name,
        }
        for c in rows
    ]


def service_for_code(code: str) -> Category | None:
    if not code or len(code) > 20:
        return None
    return public_categories().filter(code=code).first()


def attributes_of(category: Category) -> list[ExtraQuestion]:
    return list(category.extra_questions.order_by("order", "id"))


def service_definition(category: Category) -> dict[str, Any]:
    attributes = []
    for a in attributes_of(category):
        item: dict[str, Any] = {
            "variable": a.variable,
            "code": a.code,
            "datatype": a.datatype,
            "required": a.required,
            "datatype_description": a.datatype_description or None,
            "order": a.order,
            "description": a.description,
        }
        if a.datatype in LIST_DATATYPES:
            item["values"] = [{"key": v["key"], "name": v["name"]} for v in a.values]
        attributes.append(item)
    return {"service_code": category.code, "attributes": attributes}


# --- service requests -----------------------------------------------------------------------------


def published_problems() -> QuerySet[Problem]:
    """Problems of the public categories, whatever their source, except covert visits."""
    return (
        Problem.objects.filter(category__is_public=True)
        .exclude(source=Source.COVERT)
        .select_related("category", "owner_unit", "master")
    )


def _status_notes(p: Problem) -> str:
    if p.status == Status.REJECTED and p.reject_reason:
        return _("Not registered: %(reason)s") % {"reason": p.reject_reason}
    if p.status == Status.MERGED and p.master_id:
        return _("Reported before: merged into %(number)s") % {"number": p.master.number}
    if p.status == Status.DEFERRED and p.deferred_until:
        return _("Deferred until %(date)s") % {"date": p.deferred_until.isoformat()}
    return str(p.get_status_display())


def _updated(p: Problem) -> dt.datetime:
    times = [
        p.reported_at,
        p.registered_at,
        p.dispatched_at,
        p.accepted_at,
        p.reported_back_at,
        p.closed_at,
    ]
    return max(t for t in times if t is not None)


def media_urls_for(problem_ids: list[int]) -> dict[int, str]:
    """The first media link an Open311 client gave with a report of each problem (one query)."""
    found: dict[int, str] = {}
    rows = (
        PublicReport.objects.filter(problem_id__in=problem_ids, channel=Channel.OPEN311)
        .order_by("submitted_at", "id")
        .values_list("problem_id", "media_urls")
    )
    for problem_id, urls in rows:
        if urls and problem_id not in found:
            found[problem_id] = urls[0]
    return found


def as_request(p: Problem, media_url: str | None = None) -> dict[str, Any]:
    return {
        "service_request_id": p.number,
        "status": "closed" if p.status in CLOSED_STATUSES else "open",
        "status_notes": _status_notes(p),
        "service_name": p.category.name,
        "service_code": p.category.code,
        "description": mask_personal(p.description),
        "agency_responsible": p.owner_unit.name if p.owner_unit_id else None,
        "service_notice": None,
        "requested_datetime": w3c(p.reported_at),
        "updated_datetime": w3c(_updated(p)),
        "expected_datetime": w3c(p.due_at),
        "address": p.address or None,
        "address_id": None,
        "zipcode": None,
        "lat": p.lat,
        "long": p.lon,
        "media_url": media_url,
    }


def as_requests(problems: list[Problem]) -> list[dict[str, Any]]:
    media = media_urls_for([p.pk for p in problems])
    return [as_request(p, media.get(p.pk)) for p in problems]
