"""The citizen's pages, without login: report a problem (/report), follow it (/track/<code>),
rate the result, and the map of recent problems (/report/map).

The report form posts as a plain form (it works without JavaScript) or, from report.js, by
fetch with the photos already shrunk in the browser, answered in JSON so that the page keeps
everything (photos included) when something must be corrected. Either way a repeated submission
(a double tap, a retry after a lost answer) carries the same client token and gives the same
report. No answer is ever a 500: bad input, an exhausted rate limit and a robot each get a page
(or JSON) that says what to do.
"""

from __future__ import annotations

import re

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from zhengzhi.files.views import _respond
from zhengzhi.public import kept as kept_photos
from zhengzhi.public import limits, maps
from zhengzhi.public.errors import PublicReportError
from zhengzhi.public.forms import RatingForm, ReportForm
from zhengzhi.public.models import CODE_ALPHABET, CODE_LENGTH, PublicReport
from zhengzhi.public.questions import QuestionError, answers_for, questions_by_category
from zhengzhi.public.services import rating
from zhengzhi.public.services.intake import submit_report
from zhengzhi.public.track import after_photo, track_context
from zhengzhi.territory.basemap import map_settings

FORM_FIELDS = {"category", "description", "photos", "address", "name", "phone"}
CODE_RE = re.compile(rf"^[{CODE_ALPHABET}]{{{CODE_LENGTH}}}$")
# Unknown tracking codes asked per address: enough for typos, useless for guessing 31^10 codes.
TRACK_MISS_RATE = "30/h"


def _wants_json(request) -> bool:
    return request.headers.get("X-Report-Ajax") == "1"


def _labels() -> dict:
    return {
        "locating": _("Finding your location…"),
        "located": _("Location set (within about %(m)s m)."),
        "noLocation": _("Your location is not available: tap the map, or type an address."),
        "checking": _("Checking the place…"),
        "inside": _("Place set: %(place)s"),
        "outside": _(
            "This place is outside the area we look after. Please check the point on the map."
        ),
        "mapError": _("The map is not available right now: use your location or type an address."),
        "photosChosen": _("%(n)s of %(max)s photos"),
        "tooManyPhotos": _("At most %(max)s photos, please."),
        "notPhoto": _("This file is not a photo."),
        "notPhotoNamed": _("“%(name)s” is not a photo (JPEG, PNG or WebP): it was left out."),
        "shrinking": _("Preparing photos…"),
        "sending": _("Sending… %(p)s%%"),
        "sendFailed": _(
            "Sending failed: the connection may be weak. Everything is kept; tap Send again."
        ),
        "fixErrors": _("Please correct the marked fields; everything you entered is kept."),
        "remove": _("Remove"),
        "placeChosen": _("Point on the map set"),
    }


def _report_page(
    request, form, *, status=200, place_errors=(), message="", question_errors=(), kept=()
):
    config = {
        "basemap": map_settings(public=True),
        "areasUrl": reverse("public:areas"),
        "whereUrl": reverse("public:where"),
        "maxPhotos": 6,
        "labels": _labels(),
    }
    response = render(
        request,
        "public/report.html",
        {
            "form": form,
            "place_errors": place_errors,
            "message": message,
            "map_config": config,
            "question_groups": questions_by_category(request.POST if form.is_bound else None),
            "question_errors": question_errors,
            # Photos of a refused try, kept for the next (posting without JavaScript).
            "kept_photos": list(kept),
            "kept_signed": kept_photos.sign(kept, form.data.get("client_token", "")),
        },
        status=status,
    )
    response["Cache-Control"] = "no-store"
    return response


def _refused(
    request, form, status: int, message: str, errors: dict | None = None, *, keep: bool = False
):
    """The form again with what was typed, or JSON for report.js (which keeps the photos in
    the page). `keep`: a report to correct, not a robot or a spent limit: its photos are kept
    for the next try."""
    errors = errors or {}
    if _wants_json(request):
        return JsonResponse({"ok": False, "message": message, "errors": errors}, status=status)
    token = form.data.get("client_token", "")
    kept = kept_photos.kept_files(
        request.POST.get("kept_photos", ""), token, limit=settings.PUBLIC_MAX_PHOTOS
    )
    if keep and token:  # a form without its token could not carry them back
        new, photo_errors = kept_photos.keep(
            request.FILES.getlist("photos"),
            room=settings.PUBLIC_MAX_PHOTOS - len(kept),
            request=request,
        )
        kept += new
        if photo_errors:
            errors = {**errors, "photos": photo_errors}
    for field, texts in errors.items():
        if field in FORM_FIELDS:
            for text in texts:
                if text not in form.errors.get(field, []):
                    form.add_error(field, text)
    place = errors.get("place", [])
    return _report_page(
        request,
        form,
        status=status,
        place_errors=place,
        message=message,
        question_errors=errors.get("questions", []),
        kept=kept,
    )


def _sent(request, report: PublicReport):
    url = reverse("public:sent", args=[report.tracking_code])
    if _wants_json(request):
        return JsonResponse({"ok": True, "url": url, "code": report.tracking_code})
    return redirect(url, permanent=False)


@never_cache
@require_http_methods(["GET", "POST"])
def report(request):
    if request.method != "POST":
        return _report_page(request, ReportForm())
    form = ReportForm(request.POST, request.FILES)
    token = (request.POST.get("client_token") or "")[:64]
    if token:
        known = PublicReport.objects.filter(client_token=token).only("tracking_code").first()
        if known is not None:  # the same submission again: its answer, not a second report
            return _sent(request, known)
    if limits.over_limit(request, limits.REPORT):
        minutes = max(1, limits.retry_after(request, limits.REPORT) // 60)
        response = _refused(
            request,
            form,
            429,
            _(
                "Too many reports from your network in a short time. Please try again in "
                "%(minutes)s minutes, or call the hotline."
            )
            % {"minutes": minutes},
        )
        response["Retry-After"] = str(minutes * 60)
        return response
    if form.is_robot:
        return _refused(request, form, 400, _("This report could not be accepted."))
    if not form.is_valid():
        errors = {f: [str(m) for m in ms] for f, ms in form.errors.items()}
        return _refused(
            request, form, 400, _("Please correct the marked fields."), errors, keep=True
        )
    data = form.cleaned_data
    try:
        answers = answers_for(data["category"], request.POST)
    except QuestionError as exc:
        return _refused(request, form, 400, exc.message, {"questions": [exc.message]}, keep=True)
    try:
        found, _created = submit_report(
            category=data["category"],
            description=data["description"],
            lon=data["lon"] or None,
            lat=data["lat"] or None,
            address=data["address"],
            photos=request.FILES.getlist("photos"),
            kept_photos=kept_photos.kept_files(
                request.POST.get("kept_photos", ""), token, limit=settings.PUBLIC_MAX_PHOTOS
            ),
            name=data["name"],
            phone=data["phone"],
            wants_updates=data["wants_updates"],
            client_token=token,
            attributes=answers,
            request=request,
        )
    except PublicReportError as exc:
        field = exc.field if exc.field in FORM_FIELDS | {"place"} else "__all__"
        # A bad photo is named by the refusal and not kept; the other photos are.
        return _refused(
            request,
            form,
            400,
            str(exc.message),
            {field: [str(exc.message)]},
            keep=exc.field != "photos",
        )
    return _sent(request, found)


def _report_by_code(code: str) -> PublicReport:
    code = (code or "").strip().upper()
    if not CODE_RE.match(code):
        raise Http404
    try:
        return PublicReport.objects.select_related("problem", "problem__category").get(
            tracking_code=code
        )
    except PublicReport.DoesNotExist:
        raise Http404 from None


def _no_such_code(request, code: str):
    if limits.over_limit(request, "public.track_miss", rate=TRACK_MISS_RATE):
        return HttpResponse(_("Too many unknown codes; please try again later."), status=429)
    response = render(
        request, "public/track_lookup.html", {"code": code, "missing": True}, status=404
    )
    response["Cache-Control"] = "no-store"
    return response


def _private(response):
    # The tracking code in the address is the key to the page: never cached by a proxy, never
    # sent to another site as a referrer (same-origin: a POST must still carry its Origin), never
    # indexed.
    response["Cache-Control"] = "private, no-store"
    response["Referrer-Policy"] = "same-origin"
    response["X-Robots-Tag"] = "noindex"
    return response


@never_cache
@require_GET
def sent(request, code: str):
    try:
        found = _report_by_code(code)
    except Http404:
        return _no_such_code(request, code)
    track_url = request.build_absolute_uri(reverse("public:track", args=[found.tracking_code]))
    return _private(render(request, "public/sent.html", {"report": found, "track_url": track_url}))


@require_GET
def track_lookup(request):
    """/track?code=...: the box where a citizen types the code they noted."""
    code = (request.GET.get("code") or "").strip().upper().replace(" ", "")
    if not code:
        return render(request, "public/track_lookup.html", {"code": ""})
    if CODE_RE.match(code) and PublicReport.objects.filter(tracking_code=code).exists():
        return redirect("public:track", code=code)
    return _no_such_code(request, code)


@never_cache
@require_GET
def track(request, code: str):
    try:
        found = _report_by_code(code)
    except Http404:
        return _no_such_code(request, code)
    if found.tracking_code != code:
        return redirect("public:track", code=found.tracking_code)
    return _private(render(request, "public/track.html", track_context(found)))


@never_cache
@require_POST
def rate(request, code: str):
    try:
        found = _report_by_code(code)
    except Http404:
        return _no_such_code(request, code)
    form = RatingForm(request.POST)
    status = 400
    if limits.over_limit(request, limits.RATING):
        form.add_error(None, _("Too many attempts from your network; please try again later."))
        status = 429
    elif form.is_valid():
        try:
            rating.rate(
                found.pk,
                rating=form.cleaned_data["rating"],
                comment=form.cleaned_data["comment"],
                request=request,
            )
        except PublicReportError as exc:
            form.add_error("rating" if exc.field == "rating" else None, str(exc.message))
        else:
            messages.success(request, _("Thank you for your rating."))
            return redirect("public:track", code=found.tracking_code)
    context = track_context(found, rating_form=form)
    return _private(render(request, "public/track.html", context, status=status))


@require_GET
def track_photo(request, code: str, file_id, thumb: bool = False):
    """An after-photo of the problem a report follows, once it is done; nothing else."""
    stored = after_photo(_report_by_code(code), file_id)
    relative = stored.thumb_path if thumb else stored.path
    if not relative:
        raise Http404
    return _private(_respond(stored, relative, "image/jpeg", inline=True))


@require_GET
def where(request):
    """Whether a point is inside the jurisdiction, and the place's name (no grid, no people)."""
    return JsonResponse(maps.where(request.GET.get("lon"), request.GET.get("lat")))


@require_GET
def areas(request):
    response = JsonResponse(maps.areas())
    response["Cache-Control"] = "public, max-age=300"
    return response


@require_GET
def public_map(request):
    config = {
        "basemap": map_settings(public=True),
        "areasUrl": reverse("public:areas"),
        "problemsUrl": reverse("public:map_problems"),
        "labels": {
            "mapError": _("The map is not available right now; the list below shows the same."),
            "reported": pgettext("public", "Reported"),
            "times": _("reported %(n)s times"),
        },
    }
    rows = maps.recent_problems()
    return render(
        request,
        "public/map.html",
        {"map_config": config, "rows": rows[:30], "total": len(rows), "days": maps.RECENT_DAYS},
    )


@require_GET
def map_problems(request):
    response = JsonResponse(maps.recent_geojson())
    response["Cache-Control"] = "public, max-age=60"
    return response
