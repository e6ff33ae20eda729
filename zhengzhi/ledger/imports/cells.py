"""Reading the cells of a ledger sheet: times, numbers, yes/no, and names that must match a
category, a unit or a grid. Each reader returns the value or raises CellError with the reason
a clerk can act on."""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import defaultdict

from django.utils import timezone
from django.utils.translation import gettext as _

from zhengzhi.ledger.models import Category
from zhengzhi.org.models import Unit, UnitKind
from zhengzhi.territory.models import Grid

_DATE_SEPARATORS = re.compile(r"[/.年月]")
_EXCEL_EPOCH = dt.datetime(1899, 12, 30)
# Excel day numbers of 1982-01-01 and 2173-10-14: a number cell in that range is a date
# whose cell was not formatted as one.
_SERIAL_RANGE = (30000.0, 100000.0)
EARLIEST = dt.datetime(1990, 1, 1)


class CellError(Exception):
    pass


def parse_datetime(text: str) -> dt.datetime | None:
    """2026-03-01 09:30, 2026/3/1 9:30, 2026年3月1日, 2026.3.1, an ISO date, or an Excel day
    number, in local time; to the second. None for an empty cell."""
    text = text.strip()
    if not text:
        return None
    value = _read_datetime(text)
    if value is None:
        raise CellError(
            _("“%(v)s” is not a date: write it as 2026-03-01 or 2026-03-01 09:30.") % {"v": text}
        )
    if value.microsecond >= 500_000:  # Excel day numbers come back a microsecond off
        value += dt.timedelta(seconds=1)
    value = value.replace(microsecond=0)
    if value < EARLIEST:
        raise CellError(_("“%(v)s” is too long ago to be a ledger date.") % {"v": text})
    return timezone.make_aware(value)


def _read_datetime(text: str) -> dt.datetime | None:
    try:
        number = float(text)
    except ValueError:
        number = None
    if number is not None:
        if math.isfinite(number) and _SERIAL_RANGE[0] <= number <= _SERIAL_RANGE[1]:
            return _EXCEL_EPOCH + dt.timedelta(days=number)
        return None
    cleaned = _DATE_SEPARATORS.sub("-", text.replace("日", " ").replace("T", " ")).strip()
    cleaned = re.sub(r"\s+", " ", cleaned).strip("- ")
    date_part, _sep, time_part = cleaned.partition(" ")
    pieces = date_part.split("-")
    if len(pieces) != 3 or not all(p.isdigit() for p in pieces):
        return None
    try:
        day = dt.date(int(pieces[0]), int(pieces[1]), int(pieces[2]))
    except ValueError:
        return None
    if not time_part:
        return dt.datetime.combine(day, dt.time.min)
    try:
        clock = dt.time.fromisoformat(_pad_time(time_part))
    except ValueError:
        return None
    if clock.tzinfo is not None:
        return None
    return dt.datetime.combine(day, clock)


def _pad_time(text: str) -> str:
    parts = text.split(":")
    return ":".join([parts[0].zfill(2), *parts[1:]]) if parts[0].isdigit() else text


def parse_date(text: str) -> dt.date | None:
    value = parse_datetime(text)
    return timezone.localtime(value).date() if value else None


def parse_count(text: str) -> int:
    """A counter (returns, extensions...): a whole number from 0 to 999; empty is 0."""
    text = text.strip()
    if not text:
        return 0
    try:
        number = float(text)
    except ValueError:
        raise CellError(_("“%(v)s” is not a whole number.") % {"v": text}) from None
    if not number.is_integer() or not 0 <= number <= 999:
        raise CellError(_("“%(v)s” must be a whole number from 0 to 999.") % {"v": text})
    return int(number)


def parse_float(text: str, low: float, high: float, name: str) -> float | None:
    text = text.strip()
    if not text:
        return None
    try:
        number = float(text)
    except ValueError:
        raise CellError(_("“%(v)s” is not a number.") % {"v": text}) from None
    if not math.isfinite(number) or not low <= number <= high:
        raise CellError(
            _("The %(name)s must be between %(low)s and %(high)s.")
            % {"name": name, "low": low, "high": high}
        )
    return number


class References:
    """Categories, units and grids by code and by name, read once for the whole sheet."""

    def __init__(self) -> None:
        cats = list(Category.objects.all())
        self.category_by_code = {c.code: c for c in cats}
        self.category_by_id = {c.pk: c for c in cats}
        self.main_by_name = {c.name: c for c in cats if c.parent_id is None}
        self.subs_by_name: dict[str, list[Category]] = defaultdict(list)
        for c in cats:
            if c.parent_id is not None:
                self.subs_by_name[c.name].append(c)
        units = list(Unit.objects.only("id", "name", "code", "kind", "level", "path", "depth"))
        self.unit_by_code = {u.code: u for u in units if u.code}
        self.units_by_name: dict[str, list[Unit]] = defaultdict(list)
        for u in units:
            self.units_by_name[u.name].append(u)
        self.unit_by_path = {u.path: u for u in units}
        self.unit_by_id = {u.pk: u for u in units}
        self.grid_by_code = {
            g.code: g for g in Grid.objects.only("id", "code", "name", "community_id")
        }

    def category(self, sub_text: str, main_text: str, code_text: str) -> Category:
        """By the 类别编码 column, else the 小类 (a name, a code or 大类/小类), checked against
        the 大类 when one is given."""
        sub = None
        for text in (code_text.strip(), sub_text.strip()):
            if text and (found := self.category_by_code.get(text)) is not None:
                sub = found
                break
        if sub is None and sub_text.strip():
            name = sub_text.strip()
            if "/" in name:
                main_text, name = name.split("/", 1)
            candidates = self.subs_by_name.get(name.strip(), [])
            main = self.main_by_name.get(main_text.strip()) if main_text.strip() else None
            if main is not None:
                candidates = [c for c in candidates if c.parent_id == main.pk]
            if len(candidates) > 1:
                raise CellError(
                    _(
                        "“%(v)s” is the name of several sub-categories: give the main category "
                        "or the code."
                    )
                    % {"v": name}
                )
            sub = candidates[0] if candidates else None
        if sub is None:
            shown = code_text.strip() or sub_text.strip()
            if not shown:
                raise CellError(_("Give the sub-category (name or code)."))
            raise CellError(_("There is no category “%(v)s”.") % {"v": shown})
        if sub.parent_id is None:
            raise CellError(
                _("“%(v)s” is a main category: give its sub-category.") % {"v": sub.name}
            )
        main_name, parent = main_text.strip(), self.category_by_id[sub.parent_id]
        if main_name and main_name not in (parent.name, parent.code):
            raise CellError(
                _("The sub-category “%(sub)s” does not belong to “%(main)s”.")
                % {"sub": sub.name, "main": main_name}
            )
        return sub

    def unit(self, text: str, *, kinds: tuple[str, ...] = (), level: str = "") -> Unit | None:
        """A unit by its code or its (unique) name; None for an empty cell."""
        text = text.strip()
        if not text:
            return None
        found = self.unit_by_code.get(text)
        if found is None:
            named = self.units_by_name.get(text, [])
            if kinds:
                named = [u for u in named if u.kind in kinds]
            if level:
                named = [u for u in named if u.level == level]
            if len(named) > 1:
                raise CellError(
                    _("Several units are called “%(v)s”: give the unit's code.") % {"v": text}
                )
            found = named[0] if named else None
        if found is None or (kinds and found.kind not in kinds) or (level and found.level != level):
            raise CellError(_("There is no such unit: “%(v)s”.") % {"v": text})
        return found

    def territory(self, text: str, level: str) -> Unit | None:
        return self.unit(text, kinds=(UnitKind.TERRITORY,), level=level)

    def grid(self, text: str) -> Grid | None:
        text = text.strip()
        if not text:
            return None
        found = self.grid_by_code.get(text)
        if found is None:
            raise CellError(_("There is no grid with the code “%(v)s”.") % {"v": text})
        return found

    def parent_territory(self, unit: Unit) -> Unit | None:
        """The street of a community (the unit one level up in the tree)."""
        if unit.depth <= 1:
            return None
        return self.unit_by_path.get(unit.path[: (unit.depth - 1) * Unit.steplen])
