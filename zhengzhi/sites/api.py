"""/api/v1/sites/: the site registry over REST, scoped as the pages are (zhengzhi.sites.scope):
another unit's site does not exist (404). Bad input is 422 naming the field, a stale version 409.
"""

from django.db.models import Prefetch
from django.utils.translation import gettext as _
from ninja import Path, Query, Router, Status
from ninja.errors import HttpError
from ninja.pagination import paginate

from zhengzhi.core.validators import DbId
from zhengzhi.sites.kinds import parse_fields
from zhengzhi.sites.models import Licence, Site, SiteKind
from zhengzhi.sites.schemas import (
    ErrorOut,
    KindOut,
    SiteDetailOut,
    SiteFiltersIn,
    SiteIn,
    SiteOut,
    SiteUpdateIn,
)
from zhengzhi.sites.scope import can_change_sites, get_site_for_user
from zhengzhi.sites.selectors import SiteFilters, filter_sites, parse_filters
from zhengzhi.sites.services.errors import SiteError
from zhengzhi.sites.services.scoped import register_in_scope
from zhengzhi.sites.services.sites import LicenceInput, update_site

router = Router(tags=["sites"])

ERRORS = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}
HTTP_STATUS = {"not_found": 404, "not_allowed": 403, "stale": 409}
SiteId = Path[DbId]
RELATED = ("kind",)


def _refused(exc: SiteError) -> Status:
    body = {"detail": str(exc.message), "code": exc.code, "errors": exc.errors}
    return Status(HTTP_STATUS.get(exc.code, 422), body)


def _detail(request, site_id: int) -> Site:
    qs = Site.objects.select_related(*RELATED).prefetch_related(
        Prefetch("licences", queryset=Licence.objects.order_by("expires_on", "number"))
    )
    return get_site_for_user(request.user, site_id, qs)


@router.get("/sites", response=list[SiteOut], summary="List and filter the sites you may see")
@paginate
def list_sites(request, filters: Query[SiteFiltersIn]):
    f = SiteFilters(**filters.dict())
    if f.kind:  # the kind's own fields as f_<key>, f_<key>_min, f_<key>_max
        parsed, errors = parse_filters(request.GET)
        if errors:
            reasons = "; ".join(f"{k}: {v}" for k, v in errors.items())
            raise HttpError(400, _("These filters could not be read: %s") % reasons)
        f.attrs, f.decls = parsed.attrs, parsed.decls
    return filter_sites(request.user, f).select_related(*RELATED)


@router.get(
    "/sites/{site_id}",
    response={200: SiteDetailOut, 404: ErrorOut},
    summary="A site with its attributes and licences",
)
def read_site(request, site_id: SiteId):
    return _detail(request, site_id)


@router.post("/sites", response={201: SiteDetailOut, **ERRORS}, summary="Register a site")
def create_site(request, body: SiteIn):
    if not can_change_sites(request.user):
        return Status(403, {"detail": _("You may not register sites."), "code": "not_allowed"})
    kind = SiteKind.objects.filter(code=body.kind, is_active=True).first()
    if kind is None:
        detail = _("There is no site kind “%(code)s”.") % {"code": body.kind}
        return Status(422, {"detail": detail, "code": "kind"})
    try:
        site = register_in_scope(
            request.user,
            kind=kind,
            name=body.name,
            operator=body.operator,
            phone=body.phone,
            credit_code=body.credit_code,
            address=body.address,
            lon=body.lon,
            lat=body.lat,
            status=body.status,
            attributes=body.attributes,
            licences=[LicenceInput(**lic.dict()) for lic in body.licences],
            request=request,
        )
    except SiteError as exc:
        return _refused(exc)
    return Status(201, _detail(request, site.pk))


@router.patch(
    "/sites/{site_id}",
    response={200: SiteDetailOut, **ERRORS},
    summary="Change a site (pass the version you read; 409 if someone changed it since)",
)
def change_site(request, site_id: SiteId, body: SiteUpdateIn):
    get_site_for_user(request.user, site_id)  # another unit's site: 404
    if not can_change_sites(request.user):
        return Status(403, {"detail": _("You may not change sites."), "code": "not_allowed"})
    given = body.model_fields_set
    plain = ("name", "operator", "phone", "credit_code", "address")
    changes = {k: getattr(body, k) or "" for k in plain if k in given}
    if "lon" in given or "lat" in given:
        changes |= {"lon": body.lon, "lat": body.lat}
    try:
        update_site(
            request.user,
            site_id,
            version=body.version,
            changes=changes,
            attributes=body.attributes if "attributes" in given else None,
            request=request,
        )
    except SiteError as exc:
        return _refused(exc)
    return Status(200, _detail(request, site_id))


@router.get("/kinds", response=list[KindOut], summary="Site kinds with their declared fields")
def list_kinds(request):
    out = []
    for kind in SiteKind.objects.filter(is_active=True):
        fields = [
            {
                "key": d.key,
                "label": d.title(),
                "type": d.type,
                "required": d.required,
                "choices": list(d.choices),
            }
            for d in parse_fields(kind.fields)
        ]
        out.append(
            {
                "code": kind.code,
                "name": kind.name,
                "name_en": kind.name_en,
                "group": kind.group,
                "licence_name": kind.licence_name,
                "licence_required": kind.licence_required,
                "fields": fields,
                "perimeter": kind.perimeter or {},
            }
        )
    return out
