"""Org API: the units in the caller's scope, flat or as a tree; the office creates units."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from zhengzhi.core.api_errors import FieldErrors, field_errors
from zhengzhi.core.roles import Role
from zhengzhi.core.validators import DbId, InputSchema
from zhengzhi.org.models import TerritoryLevel, Unit, UnitKind
from zhengzhi.org.rules import UnitData
from zhengzhi.org.scope import get_unit_for_user, scope_for, visible_units
from zhengzhi.org.selectors import filter_units
from zhengzhi.org.services import create_unit

router = Router(tags=["org"])


class UnitOut(Schema):
    id: int
    code: str
    name: str
    kind: UnitKind
    level: TerritoryLevel | None
    division_code: str
    phone: str
    address: str
    is_active: bool
    parent_id: int | None
    path: str
    depth: int

    @staticmethod
    def resolve_level(obj: Unit):
        return obj.level or None

    @staticmethod
    def resolve_parent_id(obj: Unit):
        return getattr(obj, "parent_id", None)


class UnitDetail(UnitOut):
    children: int
    active_users: int

    @staticmethod
    def resolve_children(obj: Unit) -> int:
        return obj.numchild


class UnitNode(Schema):
    id: int
    code: str
    name: str
    kind: UnitKind
    level: TerritoryLevel | None
    division_code: str
    is_active: bool
    children: list["UnitNode"]


UnitNode.model_rebuild()


class UnitFilter(InputSchema):
    q: str | None = Field(None, max_length=100, description="name or code")
    kind: UnitKind | None = None
    level: TerritoryLevel | None = None
    active: bool | None = None


class UnitIn(InputSchema):
    # The lengths are the model's columns: a longer value is refused here, named, as a 422.
    # An empty one reaches the service, which names it together with every other refused field.
    name: str = Field(..., max_length=100)
    code: str = Field(..., max_length=40)
    kind: str = Field(..., max_length=20, description="a unit kind (code or name)")
    level: str = Field("", max_length=20, description="a territory level (code or name)")
    parent_id: DbId | None = None
    division_code: str = Field("", max_length=12)
    phone: str = Field("", max_length=40)
    address: str = Field("", max_length=200)


def with_parent_ids(units: list[Unit]) -> list[Unit]:
    """Sets `parent_id` on each unit from its materialised path, in one query."""
    parent_paths = {u.path[: -u.steplen] for u in units if u.depth > 1}
    ids = dict(Unit.objects.filter(path__in=parent_paths).values_list("path", "id"))
    for unit in units:
        unit.parent_id = ids.get(unit.path[: -unit.steplen]) if unit.depth > 1 else None
    return units


def _filters(data: dict) -> dict:
    out = {k: (v.value if hasattr(v, "value") else v) for k, v in data.items()}
    if "active" in out:
        out["active"] = "1" if out["active"] else "0"
    return out


@router.get("/units", response=list[UnitOut], summary="Units in the caller's scope, flat")
@paginate
def list_units(request, filters: Query[UnitFilter]):
    qs = filter_units(visible_units(request.user), _filters(filters.dict(exclude_none=True)))
    return _ParentIds(qs.order_by("path"))


class _ParentIds:
    """A queryset wrapper that sets parent ids on the page the paginator slices out."""

    def __init__(self, qs):
        self.qs = qs

    def all(self):
        return self.qs.all()

    def __len__(self):
        return self.qs.count()

    def __getitem__(self, item):
        return with_parent_ids(list(self.qs[item]))


@router.get("/units/tree", response=list[UnitNode], summary="Units in the caller's scope, nested")
def unit_tree(request):
    units = list(visible_units(request.user).order_by("path"))
    nodes: dict[str, dict] = {}
    roots = []
    for unit in units:
        node = {
            "id": unit.pk,
            "code": unit.code,
            "name": unit.name,
            "kind": unit.kind,
            "level": unit.level or None,
            "division_code": unit.division_code,
            "is_active": unit.is_active,
            "children": [],
        }
        nodes[unit.path] = node
        parent = nodes.get(unit.path[: -unit.steplen])
        (parent["children"] if parent else roots).append(node)
    return roots


@router.get("/units/{unit_id}", response=UnitDetail, summary="One unit (404 outside the scope)")
def get_unit(request, unit_id: DbId):
    unit = get_unit_for_user(request.user, unit_id)
    unit.active_users = unit.users.filter(is_active=True).count()
    return with_parent_ids([unit])[0]


@router.post(
    "/units", response={201: UnitDetail, 422: FieldErrors}, summary="Create a unit (office)"
)
def post_unit(request, payload: UnitIn):
    if not request.user.has_role(Role.OFFICE_ADMIN) or not scope_for(request.user).can_write:
        raise PermissionDenied
    parent = None
    if payload.parent_id is not None:
        parent = Unit.objects.filter(pk=payload.parent_id).first()
        if parent is None:
            return Status(
                422,
                {"detail": [{"loc": ["body", "parent_id"], "msg": _("There is no such unit.")}]},
            )
    data = UnitData(
        parent=parent,
        **payload.dict(exclude={"parent_id"}),
    )
    try:
        unit = create_unit(data, actor=request.user, request=request)
    except ValidationError as exc:
        return Status(422, field_errors(exc))
    unit.active_users = 0
    return Status(201, with_parent_ids([unit])[0])
