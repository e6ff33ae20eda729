"""The registry API's request and answer schemas."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from ninja import Field, Schema

from zhengzhi.core.validators import DbId, InputSchema, SafeDate
from zhengzhi.sites.models import SiteStatus
from zhengzhi.sites.selectors import LICENCE_FILTERS, SORTS

StatusValue = Literal[tuple(SiteStatus.values)]  # type: ignore[valid-type]
LicenceFilter = Literal[("",) + LICENCE_FILTERS]  # type: ignore[valid-type]
SortValue = Literal[tuple(SORTS)]  # type: ignore[valid-type]


class ErrorOut(Schema):
    detail: str
    code: str = ""
    errors: dict[str, str] = Field(default_factory=dict, description="Reasons by field key")


class SiteFiltersIn(InputSchema):
    kind: str = Field("", max_length=40, description="Kind code, e.g. tobacco_retailer")
    group: str = Field("", max_length=40, description="Kind group, e.g. 烟草")
    status: Literal[("",) + tuple(SiteStatus.values)] = ""  # type: ignore[valid-type]
    licence: LicenceFilter = Field(
        "", description="Earliest licence: expired, expiring (30 days), valid, none"
    )
    watch: bool = Field(False, description="Only sites on the watch list")
    unit: DbId | None = Field(None, description="Owning street or community")
    grid: DbId | None = None
    q: str = Field(
        "", max_length=100, description="Name, operator, address, code, licence or credit code"
    )
    sort: SortValue = "code"


class LicenceOut(Schema):
    id: int
    name: str
    number: str
    issuer: str
    issued_on: dt.date | None
    expires_on: dt.date | None


class LicenceIn(InputSchema):
    number: str = Field(min_length=1, max_length=60)
    name: str = Field("", max_length=60)
    issuer: str = Field("", max_length=100)
    issued_on: SafeDate | None = None
    expires_on: SafeDate | None = None


class SiteOut(Schema):
    id: int
    code: str
    name: str
    kind: str
    kind_name: str
    operator: str
    address: str
    status: str
    watch: bool
    owner_unit_id: int | None
    community_id: int | None
    grid_id: int | None
    lon: float | None
    lat: float | None
    next_expiry: dt.date | None = Field(None, description="The earliest licence expiry")

    @staticmethod
    def resolve_kind(obj) -> str:
        return obj.kind.code

    @staticmethod
    def resolve_kind_name(obj) -> str:
        return obj.kind.name


class SiteDetailOut(SiteOut):
    phone: str
    credit_code: str
    street_id: int | None
    watch_reason: str
    attributes: dict[str, Any]
    licences: list[LicenceOut]
    version: int
    created_at: dt.datetime
    updated_at: dt.datetime

    @staticmethod
    def resolve_licences(obj) -> list:
        return list(obj.licences.all())


Lon = Field(None, ge=-180, le=180, allow_inf_nan=False)
Lat = Field(None, ge=-90, le=90, allow_inf_nan=False)


class SiteIn(InputSchema):
    kind: str = Field(max_length=40, description="Kind code (GET /api/v1/sites/kinds)")
    name: str = Field(min_length=1, max_length=120)
    operator: str = Field("", max_length=60)
    phone: str = Field("", max_length=40)
    credit_code: str = Field("", max_length=18, description="统一社会信用代码, 18 characters")
    address: str = Field("", max_length=200)
    lon: float | None = Lon
    lat: float | None = Lat
    status: StatusValue = SiteStatus.OPEN.value
    attributes: dict[str, Any] = Field(
        default_factory=dict, description="The kind's declared fields by key"
    )
    licences: list[LicenceIn] = Field(default_factory=list, max_length=10)


class SiteUpdateIn(InputSchema):
    """Only the fields given change; attributes are merged (a key given blank is cleared)."""

    version: int = Field(ge=1, le=2**31 - 1, description="The version you read: 409 if it moved")
    name: str | None = Field(None, min_length=1, max_length=120)
    operator: str | None = Field(None, max_length=60)
    phone: str | None = Field(None, max_length=40)
    credit_code: str | None = Field(None, max_length=18)
    address: str | None = Field(None, max_length=200)
    lon: float | None = Lon
    lat: float | None = Lat
    attributes: dict[str, Any] | None = None


class FieldOut(Schema):
    key: str
    label: str
    type: str
    required: bool
    choices: list[str]


class KindOut(Schema):
    code: str
    name: str
    name_en: str
    group: str
    licence_name: str
    licence_required: bool
    fields: list[FieldOut]
    perimeter: dict[str, Any]
