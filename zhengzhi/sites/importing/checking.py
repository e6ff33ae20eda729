"""Every row of a roster checked and matched against the registry, before anything is written.

Two passes: the first reads each row's cells (credit code, point, dates, the kind's fields,
duplicates within the file); the registry is then asked in a few batched queries (licence
numbers, credit codes, site codes, grids) and every point routed in one vectorised call; the
second pass matches each row to a site (licence number, else credit code, else site code),
and decides what it creates or changes. Every bad row is named with its row number as Excel
shows it, the header of its column in the clerk's own sheet, and the reason.

A blank cell in a row that updates a site leaves that value as it is: offices' sheets often
lack a column or leave what did not change empty.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext as _

from zhengzhi.org.models import UnitKind
from zhengzhi.org.scope import scope_for
from zhengzhi.sites import credit_code as gb32100
from zhengzhi.sites.importing.columns import ATTR, LICENCE_KEYS, STANDARD, Field, kind_fields
from zhengzhi.sites.importing.placing import Placing
from zhengzhi.sites.importing.plan import (
    MAX_LENGTH,
    PLAIN,
    SITE_FIELDS,
    TEXT_KEYS,
    LicenceCells,
    NewSite,
    Plan,
    RowError,
    SiteUpdate,
    cell_date,
    cell_number,
    cell_text,
    chunks,
)
from zhengzhi.sites.importing.reading import Sheet
from zhengzhi.sites.kinds import clean_attributes, parse_fields
from zhengzhi.sites.models import Licence, Site, SiteKind
from zhengzhi.sites.scope import visible_sites


class Checker(Placing):
    def __init__(self, actor, kind: SiteKind, sheet: Sheet, mapping: dict[int, str]):
        self.actor = actor
        self.kind = kind
        self.sheet = sheet
        self.fields: dict[str, Field] = {f.key: f for f in kind_fields(kind)}
        self.col = {key: index for index, key in mapping.items() if key in self.fields}
        self.decls = parse_fields(kind.fields)
        self.attr_cols = [
            (d, self.col[ATTR + d.key]) for d in self.decls if ATTR + d.key in self.col
        ]
        self.plan = Plan(rows=len(sheet.rows))
        texts = (*TEXT_KEYS, "licence_number", "licence_issuer")
        self.blank_texts = dict.fromkeys(texts, "")
        self.text_cols = [(k, self.col[k], MAX_LENGTH.get(k, 500)) for k in texts if k in self.col]
        self.scope = scope_for(actor)
        unit = getattr(actor, "unit", None)
        self.territorial = (
            not self.scope.all_units and unit is not None and unit.kind == UnitKind.TERRITORY
        )
        self.unit = unit

    # -- errors --------------------------------------------------------------------------------

    def header(self, key: str) -> str:
        if key in self.col:
            return self.sheet.headers[self.col[key]]
        f = self.fields.get(key)
        return f.header if f else ""

    def error(self, row: int, key: str, message) -> None:
        self.plan.errors.append(RowError(row, self.header(key), str(message)))

    # -- pass 1: the cells ----------------------------------------------------------------------

    def read_row(self, number: int, cells: tuple) -> dict[str, Any] | None:
        col = self.col
        width = len(cells)
        r: dict[str, Any] = {"row": number, **self.blank_texts}
        ok = True
        for key, i, limit in self.text_cols:  # only the columns the sheet has
            if i >= width:
                continue
            value = cells[i]
            text = value.strip() if value.__class__ is str else cell_text(value)
            if len(text) > limit:
                self.error(number, key, _("at most %(n)d characters") % {"n": limit})
                ok = False
            r[key] = text
        r["site_code"] = r["site_code"].upper()
        if r["credit_code"]:
            code = gb32100.normalise(r["credit_code"])
            reason = gb32100.problem(code)
            if reason is not None:
                self.error(number, "credit_code", self.credit_messages[reason] % {"code": code})
                ok = False
            r["credit_code"] = code
        # The point: both or neither, numbers, on the globe.
        raw = {}
        for key in ("lon", "lat"):
            j = col.get(key)
            raw[key] = cells[j] if j is not None and j < width else None
        given = {k: v is not None and cell_text(v) != "" for k, v in raw.items()}
        r["lon"] = r["lat"] = None
        if given["lon"] != given["lat"]:
            missing = "lat" if given["lon"] else "lon"
            self.error(number, missing, _("give both longitude and latitude, or neither"))
            ok = False
        elif given["lon"]:
            try:
                lon, lat = cell_number(raw["lon"]), cell_number(raw["lat"])
            except ValueError:
                bad = "lon"
                try:
                    cell_number(raw["lon"])
                    bad = "lat"
                except ValueError:
                    pass
                self.error(number, bad, _("not a number"))
                ok = False
            else:
                if not (-180 <= lon <= 180 and -90 <= lat <= 90):
                    self.error(number, "lon", _("not a longitude and latitude on the globe"))
                    ok = False
                else:
                    r["lon"], r["lat"] = lon, lat
        for key in ("licence_issued_on", "licence_expires_on"):
            j = col.get(key)
            value = cells[j] if j is not None and j < width else None
            r[key] = None
            if value is None or cell_text(value) == "":
                continue
            try:
                r[key] = cell_date(value)
            except ValueError as exc:
                self.error(number, key, str(exc))
                ok = False
        issued, expires = r["licence_issued_on"], r["licence_expires_on"]
        if issued and expires and expires < issued:
            self.error(number, "licence_expires_on", _("before the date of issue"))
            ok = False
        r["attrs"] = {d.key: cells[i] if i < width else None for d, i in self.attr_cols}
        if not ok:
            # The row is out already; name its unreadable fields too, so one pass fixes it.
            given = {k: v for k, v in r["attrs"].items() if v is not None and cell_text(v) != ""}
            for key, message in clean_attributes(self.decls, given, partial=True)[1].items():
                self.error(number, ATTR + key, message)
            return None
        return r

    # -- the registry, in batches ---------------------------------------------------------------

    def look_up(self, rows: list[dict]) -> None:
        numbers = sorted({r["licence_number"] for r in rows if r["licence_number"]})
        credit = sorted({r["credit_code"] for r in rows if r["credit_code"]})
        codes = sorted({r["site_code"] for r in rows if r["site_code"]})
        self.by_licence: dict[str, int] = {}
        for chunk in chunks(numbers):
            self.by_licence.update(
                Licence.objects.filter(number__in=chunk).values_list("number", "site_id")
            )
        self.by_credit: dict[str, list[int]] = {}
        for chunk in chunks(credit):
            for code, pk in (
                Site.objects.filter(credit_code__in=chunk)
                .order_by("code")
                .values_list("credit_code", "id")
            ):
                self.by_credit.setdefault(code, []).append(pk)
        self.by_code: dict[str, int] = {}
        for chunk in chunks(codes):
            self.by_code.update(Site.objects.filter(code__in=chunk).values_list("code", "id"))
        ids = (
            set(self.by_licence.values())
            | {pk for pks in self.by_credit.values() for pk in pks}
            | set(self.by_code.values())
        )
        # Rows, not model instances: a re-import of thirty thousand sites reads them all, and
        # building a model per row took longer than the rest of the check.
        self.sites: dict[int, Any] = {}
        self.visible: set[int] = set()
        self.licences: dict[int, list[Any]] = {}
        self.kind_names = dict(SiteKind.objects.values_list("id", "name"))
        for chunk in chunks(sorted(ids)):
            for site in Site.objects.filter(pk__in=chunk).values_list(*SITE_FIELDS, named=True):
                self.sites[site.id] = site
            self.visible.update(
                visible_sites(self.actor).filter(pk__in=chunk).values_list("id", flat=True)
            )
            for lic in (
                Licence.objects.filter(site_id__in=chunk)
                .order_by("id")
                .values_list("id", "site_id", "number", "issuer", "issued_on", "expires_on",
                             named=True)
            ):  # fmt: skip
                self.licences.setdefault(lic.site_id, []).append(lic)
        self.grids: dict[str, tuple[int, int]] = {}
        grid_codes = sorted({r["grid_code"] for r in rows if r["grid_code"]})
        if grid_codes or self.territorial:
            from zhengzhi.territory.models import Grid
            from zhengzhi.territory.routing import territory_lineage

            for chunk in chunks(grid_codes):
                for code, gid, community_id in Grid.objects.filter(
                    code__in=chunk, is_active=True
                ).values_list("code", "id", "community_id"):
                    self.grids[code] = (gid, community_id)
            self.lineage = territory_lineage()
        points = [r for r in rows if r["lon"] is not None]
        if points:
            from zhengzhi.territory.routing import resolve_points

            for r, res in zip(
                points, resolve_points([(r["lon"], r["lat"]) for r in points]), strict=True
            ):
                r["route"] = res

    # -- pass 2: matching and deciding ----------------------------------------------------------

    def match(self, r: dict) -> int | None | bool:
        """The matched site's id, None for a new site, False after an error."""
        found: list[tuple[int, str]] = []
        if r["licence_number"] and r["licence_number"] in self.by_licence:
            found.append((self.by_licence[r["licence_number"]], "licence_number"))
        for pk in self.by_credit.get(r["credit_code"], ()) if r["credit_code"] else ():
            found.append((pk, "credit_code"))
        if r["site_code"]:
            if r["site_code"] not in self.by_code:
                self.error(
                    r["row"],
                    "site_code",
                    _("no site has the code %(code)s") % {"code": r["site_code"]},
                )
                return False
            found.append((self.by_code[r["site_code"]], "site_code"))
        distinct = list(dict.fromkeys(pk for pk, _how in found))
        if not distinct:
            return None
        if any(pk not in self.visible for pk in distinct):
            key = next(how for pk, how in found if pk not in self.visible)
            self.error(r["row"], key, _("this belongs to a site outside your area"))
            return False
        if len(distinct) > 1:
            first = {pk: how for pk, how in reversed(found)}
            parts = "、".join(
                _("%(code)s (by %(column)s)")
                % {"code": self.sites[pk].code, "column": self.header(first[pk])}
                for pk in distinct
            )
            self.error(
                r["row"],
                first[distinct[1]],
                _("the row matches two different sites: %(sites)s") % {"sites": parts},
            )
            return False
        site = self.sites[distinct[0]]
        if site.kind_id != self.kind.pk:
            self.error(
                r["row"],
                found[0][1],
                _("site %(code)s is a %(its)s, not a %(kind)s")
                % {"code": site.code, "its": self.kind_names[site.kind_id], "kind": self.kind.name},
            )
            return False
        return site.id

    def licence_cells(self, r: dict) -> LicenceCells | None:
        if not r["licence_number"]:
            return None
        return LicenceCells(
            r["licence_number"],
            r["licence_issuer"],
            r["licence_issued_on"],
            r["licence_expires_on"],
        )

    def decide_new(self, r: dict) -> None:
        row = r["row"]
        ok = True
        if not r["name"]:
            self.error(row, "name", _("required: a site needs its name"))
            ok = False
        if self.kind.licence_required and not r["licence_number"]:
            self.error(
                row,
                "licence_number",
                _("required: a %(kind)s needs its licence") % {"kind": self.kind.name},
            )
            ok = False
        elif not r["licence_number"] and any(r[k] for k in LICENCE_KEYS[1:]):
            self.error(row, "licence_number", _("give the licence number with its details"))
            ok = False
        values, errors = clean_attributes(self.decls, r["attrs"])
        for key, message in errors.items():
            self.error(row, ATTR + key, message)
            ok = False
        place = self.place(r)
        if place == {}:
            return
        if place is None:
            place = self.default_place()
        if not self.in_scope(r, place["owner_unit_id"]) or not ok:
            return
        fields = {k: r[k] for k in PLAIN}
        fields.update(lon=r["lon"], lat=r["lat"], **place)
        self.plan.new.append(NewSite(row, fields, values, self.licence_cells(r)))
        self.plan.owners[place["owner_unit_id"]] = (
            self.plan.owners.get(place["owner_unit_id"], 0) + 1
        )

    def decide_update(self, r: dict, site) -> None:
        row = r["row"]
        values: dict[str, Any] = {}
        diff: dict[str, list] = {}
        for key in PLAIN:
            if r[key] and r[key] != getattr(site, key):
                values[key] = r[key]
                diff[key] = [getattr(site, key), r[key]]
        place = self.place(r)
        if place == {}:
            return
        if r["lon"] is not None and (r["lon"], r["lat"]) != (site.lon, site.lat):
            values.update(lon=r["lon"], lat=r["lat"])
            diff["point"] = [[site.lon, site.lat], [r["lon"], r["lat"]]]
        if place is not None:
            for key, value in place.items():
                if getattr(site, key) != value:
                    values[key] = value
        owner = values.get("owner_unit_id", site.owner_unit_id)
        if not self.in_scope(r, owner):
            return
        given = {k: v for k, v in r["attrs"].items() if v is not None and cell_text(v) != ""}
        attrs, errors = clean_attributes(self.decls, given, partial=True)
        for key, message in errors.items():
            self.error(row, ATTR + key, message)
        if errors:
            return
        merged = {**site.attributes, **attrs}
        if merged != site.attributes:
            for key in sorted(attrs):
                if site.attributes.get(key) != attrs[key]:
                    diff[f"attr:{key}"] = [site.attributes.get(key), attrs[key]]
            values["attributes"] = merged
        update = SiteUpdate(row, site.id, site.code, site.version, values, diff)
        if not self.licence_update(r, site, update):
            return
        if update.diff:
            self.plan.updates.append(update)
            if "owner_unit_id" in values:
                self.plan.owners[owner] = self.plan.owners.get(owner, 0) + 1
        else:
            self.plan.unchanged += 1

    def licence_update(self, r: dict, site, update: SiteUpdate) -> bool:
        details = {
            "issuer": r["licence_issuer"],
            "issued_on": r["licence_issued_on"],
            "expires_on": r["licence_expires_on"],
        }
        details = {k: v for k, v in details.items() if v}
        licences = self.licences.get(site.id, [])
        if r["licence_number"]:
            current = next((x for x in licences if x.number == r["licence_number"]), None)
            if current is None:
                update.licence = {"number": r["licence_number"], **details}
                update.diff["licence"] = [None, r["licence_number"]]
                return True
        elif details:
            if len(licences) != 1:
                self.error(
                    r["row"], "licence_number", _("give the licence number with its details")
                )
                return False
            current = licences[0]
        else:
            return True
        changed = {k: v for k, v in details.items() if getattr(current, k) != v}
        if changed:
            update.licence_id = current.id
            update.licence = changed
            for key, value in changed.items():
                old = getattr(current, key)
                update.diff[f"licence.{key}"] = [
                    old.isoformat() if isinstance(old, dt.date) else old,
                    value.isoformat() if isinstance(value, dt.date) else value,
                ]
        return True

    # -- the whole sheet -----------------------------------------------------------------------

    def run(self) -> Plan:
        self.credit_messages = {
            "length": _("%(code)s: a unified social credit code has 18 characters"),
            "character": _(
                "%(code)s: a unified social credit code has only digits and capital letters"
                " (not I, O, S, V, Z)"
            ),
            "check": _("%(code)s: the check character does not match (GB 32100)"),
        }
        rows: list[dict] = []
        seen: dict[str, dict[str, int]] = {"licence_number": {}, "credit_code": {}, "site_code": {}}
        for number, cells in self.sheet.rows:
            r = self.read_row(number, cells)
            if r is None:
                continue
            duplicate = False
            for key, first in seen.items():
                value = r[key]
                if not value:
                    continue
                if value in first:
                    self.error(
                        number,
                        key,
                        _("%(value)s is also in row %(row)d")
                        % {"value": value, "row": first[value]},
                    )
                    duplicate = True
                else:
                    first[value] = number
            if not duplicate:
                rows.append(r)
        self.look_up(rows)
        matched: dict[int, int] = {}
        for r in rows:
            pk = self.match(r)
            if pk is False:
                continue
            if pk is None:
                self.decide_new(r)
                continue
            if pk in matched:
                self.error(
                    r["row"],
                    "name",
                    _("row %(row)d also updates site %(code)s")
                    % {"row": matched[pk], "code": self.sites[pk].code},
                )
                continue
            matched[pk] = r["row"]
            self.decide_update(r, self.sites[pk])
        self.plan.errors.sort(key=lambda e: e.row)
        return self.plan


def check_sheet(actor, kind: SiteKind, sheet: Sheet, mapping: dict[int, str]) -> Plan:
    """What importing the sheet would do, or every reason it cannot; writes nothing."""
    return Checker(actor, kind, sheet, mapping).run()


__all__ = ["STANDARD", "Plan", "RowError", "check_sheet", "cell_text"]
