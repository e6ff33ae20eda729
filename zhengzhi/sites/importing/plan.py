"""What the check of a roster decides, row by row, and how it reads a cell: the plan the
writer (importing.writing) carries out, and the errors the clerk sees."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from zhengzhi.sites.kinds import FieldDecl, clean_value

BATCH = 2000
MAX_LENGTH = {
    "name": 120,
    "operator": 60,
    "phone": 40,
    "address": 200,
    "licence_number": 60,
    "licence_issuer": 100,
    "site_code": 20,
    "grid_code": 15,
}
TEXT_KEYS = ("site_code", "name", "operator", "phone", "credit_code", "address", "grid_code")
# credit_code is checked for its own length (18) with a clearer reason.
PLAIN = ("name", "operator", "phone", "credit_code", "address")
PLACE = ("grid_id", "community_id", "street_id", "owner_unit_id")
SITE_FIELDS = ("id", "code", "kind_id", *PLAIN, "lon", "lat", *PLACE, "attributes", "version")
DATE = FieldDecl("date", "", "", "date", False, (), None, None, "")


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    message: str


@dataclass
class LicenceCells:
    number: str
    issuer: str = ""
    issued_on: dt.date | None = None
    expires_on: dt.date | None = None


@dataclass
class NewSite:
    row: int
    values: dict[str, Any]  # plain fields, lon, lat and the place
    attributes: dict[str, Any]
    licence: LicenceCells | None


@dataclass
class SiteUpdate:
    row: int
    site_id: int
    code: str
    version: int
    values: dict[str, Any]  # the fields that change, new values
    diff: dict[str, list]
    licence_id: int | None = None  # the licence changed, or None for a new one
    licence: dict[str, Any] | None = None  # licence fields to set (or the new licence's)


@dataclass
class Plan:
    rows: int = 0
    new: list[NewSite] = field(default_factory=list)
    updates: list[SiteUpdate] = field(default_factory=list)
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    # owner unit id -> rows that land there (new or moved), for the preview
    owners: dict[int | None, int] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors


def cell_text(value) -> str:
    """A cell as the text a clerk typed: a licence number typed as a number is still text."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


def cell_number(value) -> float:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    return float(str(value).strip())


def cell_date(value) -> dt.date:
    if isinstance(value, str) and len(value) == 10 and value[4] == "-":
        try:  # the common case, ISO text, without the general parser
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    return dt.date.fromisoformat(clean_value(DATE, value))


def chunks(items: list, size: int = BATCH):
    for i in range(0, len(items), size):
        yield items[i : i + size]
