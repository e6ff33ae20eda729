"""Supervision coverage (监管覆盖率): of the sites in the roster (open or suspended), how many had
a recorded contact in a period (a problem at the site now; cases and inspections later, each a
contact source of zhengzhi.sites.registry), per kind and per unit, and which sites had none.

Each source answers with a lazy query of site ids; they are joined as subqueries of one
aggregate statement, so the table costs one SQL statement whatever the number of sites.
Everything starts from visible_sites(user): a street sees its communities, a department the
kinds it supervises.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zhengzhi.org.models import TerritoryLevel, Unit
from zhengzhi.sites import registry
from zhengzhi.sites.models import SiteKind, SiteStatus
from zhengzhi.sites.scope import visible_sites
from zhengzhi.sites.services.errors import SiteError

IN_ROSTER = (SiteStatus.OPEN, SiteStatus.SUSPENDED)
PERIODS = {
    "month": gettext_lazy("This month"),
    "quarter": gettext_lazy("This quarter"),
    "year": gettext_lazy("This year"),
    "last_quarter": gettext_lazy("Last quarter"),
    "custom": gettext_lazy("Custom dates"),
}
MAX_DAYS = 3 * 366


@dataclass(frozen=True)
class Period:
    key: str
    first: dt.date  # inclusive
    last: dt.date  # inclusive

    def bounds(self) -> tuple[dt.datetime, dt.datetime]:
        """[start, end) as aware datetimes at local midnight: what the sources are asked."""
        tz = timezone.get_current_timezone()
        start = dt.datetime.combine(self.first, dt.time.min, tzinfo=tz)
        end = dt.datetime.combine(self.last + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
        return start, end


def _quarter_start(day: dt.date) -> dt.date:
    return dt.date(day.year, (day.month - 1) // 3 * 3 + 1, 1)


def resolve_period(
    key: str | None, date_from: str | None = None, date_to: str | None = None, today=None
) -> Period:
    """A named period (default: this quarter) or custom dates; SiteError naming what is wrong."""
    today = today or timezone.localdate()
    key = (key or "").strip() or ("custom" if (date_from or date_to) else "quarter")
    if key == "month":
        return Period(key, today.replace(day=1), today)
    if key == "quarter":
        return Period(key, _quarter_start(today), today)
    if key == "year":
        return Period(key, dt.date(today.year, 1, 1), today)
    if key == "last_quarter":
        this = _quarter_start(today)
        first = _quarter_start(this - dt.timedelta(days=1))
        return Period(key, first, this - dt.timedelta(days=1))
    if key != "custom":
        raise SiteError(_("Unknown period."), "period")
    try:
        first = dt.date.fromisoformat(date_from or "")
        last = dt.date.fromisoformat(date_to or "")
    except ValueError:
        raise SiteError(_("Give both a start and an end date (YYYY-MM-DD)."), "date_from") from None
    if last < first:
        raise SiteError(_("The end date is before the start date."), "date_to")
    if (last - first).days > MAX_DAYS:
        raise SiteError(_("A period is at most three years."), "date_to")
    return Period(key, first, last)


def contacted_condition(period: Period) -> Q:
    """Q on Site: contacted in the period by any registered source (one subquery each)."""
    start, end = period.bounds()
    cond = Q(pk__in=[])
    for source in registry.contact_sources():
        cond |= Q(pk__in=source.fn(start, end))
    return cond


def roster(user, *, kind: SiteKind | None = None, unit: Unit | None = None) -> QuerySet:
    """The user's sites in the roster, optionally of one kind and within one unit."""
    qs = visible_sites(user).filter(status__in=IN_ROSTER)
    if kind is not None:
        qs = qs.filter(kind=kind)
    if unit is not None:
        qs = qs.filter(owner_unit__path__startswith=unit.path)
    return qs


def never_contacted(user, period: Period, **filters) -> QuerySet:
    return roster(user, **filters).exclude(contacted_condition(period))


@dataclass
class Row:
    key: str  # unit or kind id; "" for sites without one
    name: str
    roster: int = 0
    contacted: int = 0
    drill: bool = False  # a street: its communities can be shown
    unit_id: int | None = None
    kind_id: int | None = None

    @property
    def missing(self) -> int:
        return self.roster - self.contacted

    @property
    def rate(self) -> float | None:
        return self.contacted / self.roster if self.roster else None


@dataclass
class Table:
    period: Period
    group: str  # "unit" or "kind"
    parent: Unit | None
    rows: list[Row] = field(default_factory=list)
    total: Row = field(default_factory=lambda: Row("", ""))
    sources: list[str] = field(default_factory=list)


def _counts(qs: QuerySet, column: str, period: Period) -> dict:
    """{column value: (roster, contacted)} in one statement."""
    out = {}
    for row in (
        qs.order_by()
        .values(column)
        .annotate(roster=Count("id"), contacted=Count("id", filter=contacted_condition(period)))
    ):
        out[row[column]] = (row["roster"], row["contacted"])
    return out


def _unit_level(user, parent: Unit | None) -> tuple[str, list[Unit]]:
    """Which Site column groups the rows, and the units listed (all of them, even with no
    site): streets for the county; a street's communities when drilled into (or when the
    user's own unit is a street); a community alone."""
    own = getattr(user, "unit", None)
    if parent is None and own is not None and own.level == TerritoryLevel.STREET:
        parent = own
    if parent is None and own is not None and own.level == TerritoryLevel.COMMUNITY:
        return "owner_unit", [own]
    if parent is not None:
        # The parent itself too: the sites it owns directly (found by its boundary only).
        units = Unit.objects.filter(
            Q(path__startswith=parent.path, level=TerritoryLevel.COMMUNITY, is_active=True)
            | Q(pk=parent.pk)
        )
        return "owner_unit", list(units.order_by("path"))
    return "street", list(
        Unit.objects.filter(level=TerritoryLevel.STREET, is_active=True).order_by("path")
    )


def coverage_table(
    user,
    period: Period,
    *,
    group: str = "unit",
    kind: SiteKind | None = None,
    parent: Unit | None = None,
) -> Table:
    """Rows per unit (streets, or the communities of `parent`) or per kind, with the total."""
    table = Table(period, group, parent, sources=[str(s.label) for s in registry.contact_sources()])
    if group == "kind":
        qs = roster(user, unit=parent)
        counts = _counts(qs, "kind_id", period)
        kinds = SiteKind.objects.filter(pk__in=[k for k in counts if k is not None])
        for k in kinds.order_by("sort_order", "code"):
            n, c = counts.get(k.pk, (0, 0))
            table.rows.append(Row(str(k.pk), k.name, n, c, kind_id=k.pk))
    else:
        column, units = _unit_level(user, parent)
        qs = roster(user, kind=kind)
        if parent is not None:
            qs = qs.filter(owner_unit__path__startswith=parent.path)
        counts = _counts(qs, column, period)
        shown = set()
        for unit in units:
            n, c = counts.get(unit.pk, (0, 0))
            # Listed with no site: a unit of the user's territory (not a department's, nor the
            # drilled street itself, whose own row is for the sites it owns directly).
            if (
                n
                or (_unit_in_scope(user, unit) and unit.level != TerritoryLevel.STREET)
                or (column == "street" and _unit_in_scope(user, unit))
            ):
                table.rows.append(
                    Row(str(unit.pk), unit.name, n, c, drill=column == "street", unit_id=unit.pk)
                )
                shown.add(unit.pk)
        rest = [v for k, v in counts.items() if k not in shown]
        if rest:  # sites outside any listed unit (no point, or a unit out of the list)
            table.rows.append(
                Row(
                    "",
                    _("Not in a listed unit"),
                    sum(n for n, _c in rest),
                    sum(c for _n, c in rest),
                )
            )
    table.total = Row("", _("All sites"))
    table.total.roster = sum(r.roster for r in table.rows)
    table.total.contacted = sum(r.contacted for r in table.rows)
    return table


def _unit_in_scope(user, unit: Unit) -> bool:
    from zhengzhi.org.scope import scope_for

    scope = scope_for(user)
    return scope.all_units or unit.pk in scope.unit_ids
