from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from zhengzhi.audit.models import AuditEvent
from zhengzhi.core.roles import Role, role_required
from zhengzhi.territory import routing, services
from zhengzhi.territory.basemap import map_settings, street_layer
from zhengzhi.territory.forms import GridFilterForm, GridForm, ImportForm
from zhengzhi.territory.geometry import GeometryError, check_lon_lat
from zhengzhi.territory.selectors import (
    describe_resolution,
    get_grid_for_user,
    map_data,
    parents_of,
    visible_communities,
    visible_grids,
)

PAGE_SIZE = 50


def _map_labels() -> dict[str, str]:
    return {
        "grid": _("Grid"),
        "code": _("Grid code"),
        "community": _("Community"),
        "street": _("Street"),
        "district": _("District"),
        "worker": _("Grid worker"),
        "phone": _("Phone"),
        "responsibleParty": _("Responsible party"),
        "open": _("Open the grid"),
        "segment": _("Segment code"),
        "unit": _("Responsible unit"),
        "noGrid": _("No grid covers this point."),
        "otherGrid": _("In a grid of %(unit)s, outside your area."),
        "fallsTo": _("It falls to %(unit)s, whose boundary holds it (属地兜底)."),
        "nowhere": _("This point is outside every grid and every territorial boundary."),
        "summary": _("%(grids)s grids and %(segments)s street segments in your scope."),
        "empty": _("There are no grids or street segments in your scope."),
        "error": _("The map data could not be loaded."),
        "locating": _("Locating…"),
    }


@login_required
def map_page(request):
    config = {
        "dataUrl": reverse("territory:map_data"),
        "whereUrl": reverse("territory:where"),
        "basemap": map_settings(),
        "labels": _map_labels(),
    }
    return render(
        request,
        "territory/map.html",
        {"map_config": config, "can_edit": request.user.has_role(Role.OFFICE_ADMIN)},
    )


@login_required
def map_data_view(request):
    return JsonResponse(map_data(request.user))


@require_GET
def streets(request):
    """The district's own street layer (public: the citizen's map draws it too)."""
    response = JsonResponse(street_layer())
    response["Cache-Control"] = "public, max-age=300"
    return response


def parse_lon_lat(params) -> tuple[float, float]:
    """Raises GeometryError with a reason a user can act on."""
    try:
        lon, lat = float(params["lon"]), float(params["lat"])
    except KeyError:
        raise GeometryError(_("Give both lon and lat.")) from None
    except ValueError:
        raise GeometryError(_("lon and lat must be numbers.")) from None
    check_lon_lat(lon, lat)
    return lon, lat


@login_required
def where(request):
    """The "where is this point" tool of the map."""
    try:
        lon, lat = parse_lon_lat(request.GET)
    except GeometryError as exc:
        return JsonResponse({"detail": str(exc)}, status=400)
    res = routing.resolve_point(lon, lat)
    return JsonResponse(describe_resolution(res, request.user, lon, lat))


@login_required
def grid_list(request):
    communities = visible_communities(request.user)
    form = GridFilterForm(request.GET or None, communities=communities)
    data = form.cleaned_data if form.is_valid() else {}
    qs = visible_grids(request.user).select_related("community")
    status = data.get("status", "")
    if status != "all":
        qs = qs.filter(is_active=status != "inactive")
    if data.get("community"):
        qs = qs.filter(community=data["community"])
    if q := (data.get("q") or "").strip():
        qs = qs.filter(
            Q(code__startswith=q)
            | Q(name__icontains=q)
            | Q(worker_name__icontains=q)
            | Q(responsible_party__icontains=q)
        )
    page = Paginator(qs.order_by("code"), PAGE_SIZE).get_page(request.GET.get("page"))
    streets = parents_of({g.community for g in page})
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "territory/grid_list.html",
        {
            "form": form,
            "page": page,
            "rows": [(g, streets.get(g.community_id)) for g in page],
            "base_query": params.urlencode(),
            "can_edit": request.user.has_role(Role.OFFICE_ADMIN),
        },
    )


@login_required
def grid_detail(request, pk: int):
    grid = get_grid_for_user(request.user, pk)
    history = AuditEvent.objects.filter(object_type="territory.grid", object_id=str(grid.pk))[:20]
    return render(
        request,
        "territory/grid_detail.html",
        {
            "grid": grid,
            "street": parents_of([grid.community]).get(grid.community_id),
            "history": history,
            "can_edit": request.user.has_role(Role.OFFICE_ADMIN),
            "map_config": {
                "geometry": grid.geometry,
                "basemap": map_settings(),
            },
        },
    )


def _save_grid(request, form: GridForm, grid=None):
    values = dict(form.cleaned_data)
    try:
        if grid is None:
            return services.create_grid(actor=request.user, request=request, **values)
        return services.update_grid(grid, actor=request.user, request=request, **values)
    except ValidationError as exc:
        form.add_error(None, exc)
        return None


@role_required(Role.OFFICE_ADMIN)
def grid_create(request):
    form = GridForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        grid = _save_grid(request, form)
        if grid is not None:
            messages.success(request, _("Grid %(code)s saved.") % {"code": grid.code})
            return redirect("territory:grid_detail", pk=grid.pk)
    return render(request, "territory/grid_form.html", {"form": form, "grid": None})


@role_required(Role.OFFICE_ADMIN)
def grid_edit(request, pk: int):
    grid = get_grid_for_user(request.user, pk)
    form = GridForm(request.POST or None, initial=GridForm.initial_for(grid))
    if request.method == "POST" and form.is_valid():
        saved = _save_grid(request, form, grid)
        if saved is not None:
            messages.success(request, _("Grid %(code)s saved.") % {"code": saved.code})
            return redirect("territory:grid_detail", pk=saved.pk)
    return render(request, "territory/grid_form.html", {"form": form, "grid": grid})


@role_required(Role.OFFICE_ADMIN)
def import_page(request):
    form = ImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        result = services.import_geojson(
            form.cleaned_data["kind"],
            form.cleaned_data["file"].read(),
            actor=request.user,
            dry_run=form.cleaned_data["dry_run"],
            request=request,
        )
        if result.ok and not result.dry_run:
            messages.success(
                request,
                _("Imported: %(created)d new, %(updated)d changed, %(unchanged)d unchanged.")
                % result.counts(),
            )
            return redirect("territory:import")
    return render(request, "territory/import.html", {"form": form, "result": result})
