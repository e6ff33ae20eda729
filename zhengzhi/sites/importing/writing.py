"""A checked roster written in bulk: new sites with their codes taken in one statement, their
licences and CREATED events; changed sites, their licences and IMPORTED events with the old and
new value of every field. Runs inside the caller's transaction (all or nothing).

Why not bulk_create and bulk_update: on SQLite Django caps an INSERT at 999 parameters (58 rows
of a site) and prepares every value through its field in Python, and bulk_update writes one
CASE per field and row. bench/sites_import.py measured the whole import of 30,136 retailers at
about 1,100 rows/s so (under load). Here each table is written with plain values adapted once
per column type (JSON and timestamps through the connection's own adapters): on SQLite by
executemany, which runs as fast as the database takes them, on PostgreSQL in one COPY. The new
sites' ids are read back by their codes, which allocate_codes hands out gap-free in one block.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from django.db import connection
from django.db.models import Model

from zhengzhi.sites import text_index
from zhengzhi.sites.importing.plan import Plan
from zhengzhi.sites.models import Licence, RosterImport, Site, SiteEvent, SiteKind, SiteStatus
from zhengzhi.sites.services.codes import allocate_codes
from zhengzhi.sites.services.sites import search_text

BATCH = 2000
SITE_COLUMNS = ("code", "name", "kind_id", "operator", "phone", "credit_code", "address", "lon",
                "lat", "grid_id", "community_id", "street_id", "owner_unit_id", "status", "watch",
                "watch_reason", "attributes", "search_text", "created_at", "updated_at",
                "created_by_id", "version")  # fmt: skip
LICENCE_COLUMNS = ("site_id", "name", "number", "issuer", "issued_on", "expires_on",
                   "notified_state")  # fmt: skip
EVENT_COLUMNS = ("site_id", "kind", "at", "actor_id", "changes", "note")


class RosterChanged(Exception):
    """A matched site was changed by someone else between the check and the write."""

    def __init__(self, codes: list[str]):
        super().__init__(codes)
        self.codes = codes


def _user_id(actor) -> int | None:
    return actor.pk if getattr(actor, "is_authenticated", False) else None


def _json(value):
    return connection.ops.adapt_json_value(value, None)


def _json_adapter():
    """The connection's JSON adapter, looked up once for a loop of thousands of rows."""
    adapt = connection.ops.adapt_json_value
    return lambda value: adapt(value, None)


def _date(value: dt.date | None):
    return connection.ops.adapt_datefield_value(value)


def _column(model: type[Model], name: str) -> str:
    field = model._meta.get_field(name.removesuffix("_id"))
    return connection.ops.quote_name(str(field.column))  # type: ignore[union-attr]


def insert_rows(model: type[Model], columns: Sequence[str], rows: Iterable[Sequence]) -> None:
    """INSERT of plain, already adapted values, in batches of executemany."""
    table = connection.ops.quote_name(model._meta.db_table)
    names = ", ".join(_column(model, c) for c in columns)
    marks = ", ".join(["%s"] * len(columns))
    sql = f"INSERT INTO {table} ({names}) VALUES ({marks})"  # noqa: S608 (names from the model)
    rows = list(rows)
    if not rows:
        return
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # COPY: one stream instead of a round trip per row (psycopg adapts each value).
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        for i in range(0, len(rows), BATCH):
            cursor.executemany(sql, rows[i : i + BATCH])


def update_rows(model: type[Model], columns: Sequence[str], rows: Sequence[Sequence]) -> None:
    """UPDATE ... WHERE id = the row's last value, one executemany per set of columns."""
    table = connection.ops.quote_name(model._meta.db_table)
    sets = ", ".join(f"{_column(model, c)} = %s" for c in columns)
    sql = f"UPDATE {table} SET {sets} WHERE id = %s"  # noqa: S608 (names from the model)
    with connection.cursor() as cursor:
        for i in range(0, len(rows), BATCH):
            cursor.executemany(sql, rows[i : i + BATCH])


def write_plan(plan: Plan, *, actor, kind: SiteKind, roster: RosterImport) -> list[int]:
    """Writes the plan; answers the ids of the new sites."""
    now = connection.ops.adapt_datetimefield_value(roster.at)
    user_id = _user_id(actor)
    _lock_updated(plan)
    new_ids = _insert_new(plan, kind, roster, now, user_id)
    _write_updates(plan, kind, roster, now, user_id)
    return new_ids


def _lock_updated(plan: Plan) -> None:
    locked: dict[int, int] = {}
    ids = [u.site_id for u in plan.updates]
    for i in range(0, len(ids), BATCH):
        locked.update(
            Site.objects.select_for_update()
            .filter(pk__in=ids[i : i + BATCH])
            .values_list("id", "version")
        )
    stale = [u.code for u in plan.updates if locked.get(u.site_id) != u.version]
    if stale:
        raise RosterChanged(stale)


def _insert_new(plan: Plan, kind: SiteKind, roster: RosterImport, now, user_id) -> list[int]:
    if not plan.new:
        return []
    codes = allocate_codes(len(plan.new))
    json = _json_adapter()
    rows = []
    for code, new in zip(codes, plan.new, strict=True):
        v = new.values
        rows.append((
            code, v["name"], kind.pk, v["operator"], v["phone"], v["credit_code"], v["address"],
            v["lon"], v["lat"], v["grid_id"], v["community_id"], v["street_id"],
            v["owner_unit_id"], SiteStatus.OPEN.value, False, "", json(new.attributes),
            search_text(v["name"], v["operator"], v["address"]), now, now, user_id, 1,
        ))  # fmt: skip
    with text_index.bulk_insert():
        insert_rows(Site, SITE_COLUMNS, rows)
    ids = dict(
        Site.objects.filter(code__gte=codes[0], code__lte=codes[-1]).values_list("code", "id")
    )
    site_ids = [ids[code] for code in codes]
    licence_name = kind.licence_name or kind.name
    insert_rows(
        Licence,
        LICENCE_COLUMNS,
        (
            (pk, licence_name, new.licence.number, new.licence.issuer,
             _date(new.licence.issued_on), _date(new.licence.expires_on), "")
            for pk, new in zip(site_ids, plan.new, strict=True)
            if new.licence is not None
        ),
    )  # fmt: skip
    insert_rows(
        SiteEvent,
        EVENT_COLUMNS,
        (
            (pk, SiteEvent.Kind.CREATED.value, now, user_id,
             json({"import": roster.pk, "row": new.row}), "")
            for pk, new in zip(site_ids, plan.new, strict=True)
        ),
    )  # fmt: skip
    return site_ids


def _write_updates(plan: Plan, kind: SiteKind, roster: RosterImport, now, user_id) -> None:
    if not plan.updates:
        return
    current: dict[int, tuple[str, str, str]] = {}
    ids = [u.site_id for u in plan.updates]
    for i in range(0, len(ids), BATCH):
        for pk, name, operator, address in Site.objects.filter(
            pk__in=ids[i : i + BATCH]
        ).values_list("id", "name", "operator", "address"):
            current[pk] = (name, operator, address)
    groups: dict[tuple[str, ...], list[tuple]] = {}
    licence_groups: dict[tuple[str, ...], list[tuple]] = {}
    new_licences = []
    events = []
    for u in plan.updates:
        values = dict(u.values)
        if "attributes" in values:
            values["attributes"] = _json(values["attributes"])
        if values.keys() & {"name", "operator", "address"}:
            name, operator, address = current[u.site_id]
            values["search_text"] = search_text(
                values.get("name", name),
                values.get("operator", operator),
                values.get("address", address),
            )
        values["version"] = u.version + 1
        values["updated_at"] = now
        keys = tuple(sorted(values))
        groups.setdefault(keys, []).append((*(values[k] for k in keys), u.site_id))
        if u.licence is not None:
            lic = {k: _date(v) if isinstance(v, dt.date) else v for k, v in u.licence.items()}
            if u.licence_id is None:
                new_licences.append((
                    u.site_id, kind.licence_name or kind.name, lic["number"],
                    lic.get("issuer", ""), lic.get("issued_on"), lic.get("expires_on"), "",
                ))  # fmt: skip
            else:
                lkeys = tuple(sorted(lic))
                licence_groups.setdefault(lkeys, []).append(
                    (*(lic[k] for k in lkeys), u.licence_id)
                )
        events.append((
            u.site_id, SiteEvent.Kind.IMPORTED.value, now, user_id,
            _json({**u.diff, "import": roster.pk, "row": u.row}), "",
        ))  # fmt: skip
    for keys, rows in groups.items():
        update_rows(Site, keys, rows)
    for keys, rows in licence_groups.items():
        update_rows(Licence, keys, rows)
    insert_rows(Licence, LICENCE_COLUMNS, new_licences)
    insert_rows(SiteEvent, EVENT_COLUMNS, events)
