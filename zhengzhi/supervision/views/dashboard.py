"""The dashboard: the office's and leaders' (every unit), or a unit leader's (their unit); its
charts and map data as JSON, fetched by the page."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.utils import timezone

from zhengzhi.org.scope import scope_for
from zhengzhi.supervision.dashboard import figures
from zhengzhi.supervision.dashboard.map import MAX_CLUSTER_ZOOM, BoxError, clusters, parse_box
from zhengzhi.supervision.dashboard.panels import View, render_panels
from zhengzhi.supervision.scope import full_dashboard, unit_dashboard


def dashboard_view(user) -> tuple[str, View] | None:
    """("office" or "unit", the view) for a reader of a dashboard, or None."""
    now = timezone.now()
    if full_dashboard(user):
        return "office", View(user, now)
    if unit_dashboard(user) and user.unit_id:
        return "unit", View(user, now, [user.unit_id], sorted(scope_for(user).unit_ids))
    return None


def dashboard_context(user, skip: tuple[str, ...] = ()) -> dict | None:
    found = dashboard_view(user)
    if found is None:
        return None
    page, view = found
    return {"page": page, "view": view, "panels": render_panels(page, view, skip)}


@login_required
def dashboard(request):
    context = dashboard_context(request.user)
    if context is None:
        raise Http404
    return render(request, "supervision/dashboard.html", context)


def _unit(request, view: View) -> int | None:
    """The unit asked for: a unit leader's own (always), or the office's choice."""
    if view.unit_ids:
        return view.unit_id
    text = request.GET.get("unit", "")
    if not text:
        return None
    if not text.isdigit():
        raise ValueError("unit: not an id")
    return int(text)


@login_required
def charts(request):
    found = dashboard_view(request.user)
    if found is None:
        raise Http404
    _page, view = found
    try:
        unit_id = _unit(request, view)
    except ValueError as exc:
        return JsonResponse({"error": str(exc)}, status=400)
    user, now = request.user, view.now
    closed_rows = figures.closures(user, now, unit_id)
    data = {
        "daily": figures.daily(user, now, unit_id, closed_rows),
        "on_time": figures.on_time_weekly(user, now, unit_id, closed_rows),
        **figures.breakdown(user, now, unit_id),
    }
    return JsonResponse(data)


@login_required
def map_data(request):
    found = dashboard_view(request.user)
    if found is None:
        raise Http404
    _page, view = found
    try:
        unit_id = _unit(request, view)
        zoom = int(request.GET.get("z", ""))
        if not 0 <= zoom <= 22:
            raise ValueError("z: a zoom between 0 and 22")
        box = parse_box(request.GET.get("bbox", ""))
    except BoxError as exc:
        return JsonResponse({"error": str(exc)}, status=400)
    except ValueError as exc:
        message = str(exc) if str(exc).startswith(("z:", "unit:")) else "z: a whole number"
        return JsonResponse({"error": message}, status=400)
    data = clusters(request.user, zoom, box, view.now, unit_id)
    data["points_from"] = MAX_CLUSTER_ZOOM
    return JsonResponse(data)
