"""Accounts API: the caller, the users in the caller's scope, the caller's API tokens."""

from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from zhengzhi.accounts.models import User
from zhengzhi.accounts.role_names import parse_role
from zhengzhi.accounts.scope import get_user_for_viewer
from zhengzhi.accounts.selectors import filter_users
from zhengzhi.accounts.services import create_api_token, create_user, revoke_api_token
from zhengzhi.core.api_errors import FieldErrors, field_errors
from zhengzhi.core.openapi import MAY_BE_NOT_FOUND
from zhengzhi.core.roles import Role
from zhengzhi.core.validators import DbId, InputSchema
from zhengzhi.org.models import Unit
from zhengzhi.org.scope import get_unit_for_user

router = Router(tags=["accounts"])


class UnitRef(Schema):
    id: int
    code: str
    name: str


class UserOut(Schema):
    id: int
    username: str
    full_name: str
    phone: str
    email: str
    unit: UnitRef | None
    roles: list[str]
    is_active: bool
    last_login: datetime | None

    @staticmethod
    def resolve_roles(obj: User) -> list[str]:
        return sorted(r.role for r in obj.roles.all())


class MeOut(UserOut):
    language: str
    must_change_password: bool
    password_changed_at: datetime | None
    password_expired: bool
    can_write: bool
    sees_all_units: bool

    @staticmethod
    def resolve_password_expired(obj: User) -> bool:
        return obj.password_expired()

    @staticmethod
    def resolve_can_write(obj: User) -> bool:
        from zhengzhi.org.scope import scope_for

        return scope_for(obj).can_write

    @staticmethod
    def resolve_sees_all_units(obj: User) -> bool:
        from zhengzhi.org.scope import scope_for

        return scope_for(obj).all_units


class UserFilter(InputSchema):
    q: str | None = Field(None, max_length=100, description="name, user name or phone")
    unit: DbId | None = Field(None, description="unit id: its users and those of the units below")
    role: Role | None = None
    active: bool | None = None


class UserIn(InputSchema):
    # The lengths are the model's columns: a longer value is refused here, named, as a 422.
    # An empty one reaches the service, which names it together with every other refused field.
    username: str = Field(..., max_length=150)
    full_name: str = Field(..., max_length=60)
    unit_id: DbId
    roles: list[str] = Field(
        ..., max_length=len(Role), description="role codes (or their Chinese names)"
    )
    phone: str = Field("", max_length=30)
    email: str = Field("", max_length=254)
    password: str = Field(
        "", max_length=128, description="empty: a temporary password is generated"
    )


class UserCreated(UserOut):
    temporary_password: str | None = Field(
        None, description="generated when no password was given; shown only in this response"
    )


class TokenOut(Schema):
    id: int
    name: str
    prefix: str
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None
    expires_at: datetime = Field(..., description="the token stops working at this instant")


class TokenIn(InputSchema):
    name: str = Field(..., min_length=1, max_length=60)


class TokenCreated(TokenOut):
    key: str = Field(..., description="shown only in this response")


@router.get("/me", response=MeOut, summary="The signed-in user")
def me(request):
    return User.objects.select_related("unit").prefetch_related("roles").get(pk=request.user.pk)


@router.get(
    "/users",
    response=list[UserOut],
    summary="Users in the caller's scope",
    openapi_extra=MAY_BE_NOT_FOUND,  # a unit filter outside the scope
)
@paginate
def list_users(request, filters: Query[UserFilter]):
    data = filters.dict(exclude_none=True)
    if "unit" in data:
        data["unit"] = get_unit_for_user(request.user, data["unit"])
    if "role" in data:
        data["role"] = str(data["role"].value if isinstance(data["role"], Role) else data["role"])
    return filter_users(request.user, data)


@router.get("/users/{user_id}", response=UserOut, summary="One user (404 outside the scope)")
def get_user(request, user_id: DbId):
    user = get_user_for_viewer(request.user, user_id)
    return User.objects.select_related("unit").prefetch_related("roles").get(pk=user.pk)


@router.post(
    "/users",
    response={201: UserCreated, 422: FieldErrors},
    summary="Create a user (office administrator)",
)
def post_user(request, payload: UserIn):
    if not request.user.has_role(Role.OFFICE_ADMIN):
        raise PermissionDenied
    unit = Unit.objects.filter(pk=payload.unit_id).first()
    if unit is None:
        return Status(
            422, {"detail": [{"loc": ["body", "unit_id"], "msg": _("There is no such unit.")}]}
        )
    try:
        user, temporary = create_user(
            username=payload.username.strip(),
            full_name=payload.full_name.strip(),
            unit=unit,
            roles=[parse_role(r) or r for r in payload.roles],
            phone=payload.phone.strip(),
            email=payload.email.strip(),
            password=payload.password,
            actor=request.user,
            request=request,
        )
    except ValidationError as exc:
        return Status(422, field_errors(exc))
    user = User.objects.select_related("unit").prefetch_related("roles").get(pk=user.pk)
    user.temporary_password = temporary
    return Status(201, user)


@router.get("/tokens", response=list[TokenOut], summary="The caller's API tokens")
def list_tokens(request):
    return list(request.user.api_tokens.order_by("-created_at"))


@router.post("/tokens", response={201: TokenCreated}, summary="Create an API token")
def post_token(request, payload: TokenIn):
    token, key = create_api_token(request.user, payload.name.strip(), request=request)
    token.key = key
    return Status(201, token)


@router.delete("/tokens/{token_id}", response={204: None}, summary="Revoke one of my tokens")
def delete_token(request, token_id: DbId):
    token = get_object_or_404(request.user.api_tokens, pk=token_id)
    if token.revoked_at is not None:
        raise Http404
    revoke_api_token(token, actor=request.user, request=request)
    return Status(204, None)
