"""The work queue by role and the ledger list with its filters and keyset pages."""

from __future__ import annotations

from typing import NamedTuple

from django.contrib.auth.decorators import login_required
from django.http import QueryDict
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zhengzhi.ledger.elapsed import problem_elapsed
from zhengzhi.ledger.forms import BatchDispatchForm, LedgerFilterForm, category_rows
from zhengzhi.ledger.models import Category, Priority, Status
from zhengzhi.ledger.registry import filter_value_names, problem_filters
from zhengzhi.ledger.selectors import (
    DUE_SOON,
    capped_count,
    count_sections,
    filter_errors,
    filter_params,
    filter_problems,
    keyset_page,
    queue_sections,
    section_problems,
)
from zhengzhi.ledger.selectors.filters import FLAG_PARAMS
from zhengzhi.ledger.services.permissions import can_dispatch
from zhengzhi.org.models import Unit, UnitKind
from zhengzhi.org.scope import scope_for
from zhengzhi.workcal.calendar import WorkCalendar

PAGE_SIZE = 50
QUEUE_SIZE = 50
# What a list row shows: loading only these columns halves the time to build fifty rows.
LIST_FIELDS = (
    "id",
    "number",
    "status",
    "pending",
    "priority",
    "description",
    "address",
    "due_at",
    "deferred_until",
    "reported_at",
    "closed_at",
    "category_id",
    "main_category_id",
    "owner_unit_id",
    "community_id",
)
FORM_PARAMS = {
    "q",
    "status",
    "pending",
    "category",
    "unit",
    "grid",
    "source",
    "date_from",
    "date_to",
    "overdue",
    "due_soon",
}


# The drill-down parameters the filter form has no field for, named for the clerk.
EXTRA_LABELS = {
    "support": _("Supporting department"),
    "closed_from": _("Closed from"),
    "closed_to": _("Closed until"),
    "due_from": _("Due from"),
    "due_to": _("Due until"),
    "on_time": _("Closed on time"),
    "reworked": _("Reworked"),
    "returned": _("Returned"),
    "extended": _("Extended"),
    "recurred": _("Recurred"),
    "open": _("Open"),
    "mine": _("Reported by me"),
    "dispatched_from": _("Dispatched from"),
    "dispatched_to": _("Dispatched until"),
    "returned_by": _("Returned by"),
    "returned_from": _("Returned from"),
    "returned_to": _("Returned until"),
}
UNIT_PARAMS = ("support", "returned_by")


def _describe(extra: dict[str, str], user) -> list[tuple[str, str]]:
    registered = filter_value_names(user, [extra])
    ids = [v for k, v in extra.items() if k in UNIT_PARAMS and v.isdigit() and len(v) < 12]
    names = dict(Unit.objects.filter(pk__in=ids).values_list("id", "name")) if ids else {}
    labels = {**EXTRA_LABELS, **{f.param: f.label for f in problem_filters()}}
    out = []
    for key, value in extra.items():
        shown = value
        if key in UNIT_PARAMS and value.isdigit() and len(value) < 12:
            shown = names.get(int(value), value)
        elif value in ("0", "1") and key in FLAG_PARAMS:
            shown = _("yes") if value == "1" else _("no")
        elif key in registered:
            shown = registered[key].get(value, value)
        out.append((str(labels.get(key, key)), shown))
    return out


def _query(params: dict) -> str:
    q = QueryDict(mutable=True)
    for key, value in params.items():
        if value not in ("", None):
            q[key] = value
    return q.urlencode()


def _names(
    problems, categories: dict | None = None, known_units: dict | None = None
) -> tuple[dict, dict]:
    """Category and unit names of a page by id, in two small queries, fewer when the caller
    has the categories or the units already: joining the four tables into the page's query
    made PostgreSQL take 10 ms for 50 rows instead of 2."""
    if categories is None:
        categories = dict(Category.objects.order_by().values_list("id", "name"))
    known = known_units or {}
    ids = {i for p in problems for i in (p.owner_unit_id, p.community_id) if i}
    missing = ids - known.keys()
    units = {i: known[i] for i in ids & known.keys()}
    if missing:
        units.update(Unit.objects.filter(pk__in=missing).values_list("id", "name"))
    return categories, units


def clip(text: str, length: int) -> str:
    """The text cut to `length` characters, the last one an ellipsis, as Truncator.chars does
    (which looks up its translated ellipsis on every call: a hundred times a page)."""
    return text if len(text) <= length else text[: length - 1] + "…"


def list_rows(
    problems,
    now,
    *,
    working_time: bool = True,
    category_names: dict | None = None,
    unit_names: dict | None = None,
) -> list[dict]:
    """A list row: the problem, how its deadline stands (the marking an office looks for), and
    what the row shows, formatted here once: the table is the hottest template of the ledger.
    `category_names` and `unit_names` (id -> name) spare the queries for names the caller has."""
    problems = list(problems)
    categories, units = _names(problems, category_names, unit_names)
    tz = timezone.get_current_timezone()
    # The work queue shows the time on the clock only: its deadline column already counts in
    # working time, and it keeps its few queries (the list has one more, for the calendar).
    calendar = WorkCalendar.cached() if problems and working_time else None
    detail = reverse("ledger:detail", args=[999999999]).replace("999999999", "%d")
    today = timezone.localdate(now)
    out = []
    for p in problems:
        state, due = "", ""
        if p.status in (Status.DISPATCHED, Status.ACCEPTED) and p.due_at:
            state = "overdue" if p.due_at < now else ("soon" if p.due_at < now + DUE_SOON else "")
        if p.status == Status.DEFERRED and p.deferred_until:
            # A deferred problem runs to its plan's target date, not its old deadline.
            due = _("deferred until %(date)s") % {"date": p.deferred_until.strftime("%m-%d")}
            state = "overdue" if p.deferred_until < today else ""
        elif p.due_at:
            due = p.due_at.astimezone(tz).strftime("%m-%d %H:%M")
        took = problem_elapsed(p.status, p.reported_at, p.closed_at, now, calendar)
        out.append(
            {
                "p": p,
                "urgent": p.priority == Priority.URGENT,
                "elapsed": took,
                "deadline_state": state,
                "url": detail % p.id,
                "description": clip(p.description, 40),
                "address": clip(p.address, 30) if p.address else "",
                "due": due,
                "reported": p.reported_at.astimezone(tz).strftime("%Y-%m-%d %H:%M"),
                "category": categories.get(p.category_id, ""),
                "main_category": categories.get(p.main_category_id, ""),
                "owner": units.get(p.owner_unit_id, ""),
                "community": units.get(p.community_id, ""),
            }
        )
    return out


# The tabs whose problems may be registered and dispatched together (services.batch).
BATCH_TABS = ("register", "dispatch")


def queue_context(user, tab: str, batch_form=None, checked=()) -> dict:
    """The queue page's context; `batch_form` and `checked` put back a refused batch."""
    sections = queue_sections(user)
    count_sections(user, sections)
    current = next((s for s in sections if s.key == tab), None)
    if current is None:
        current = next((s for s in sections if s.count), sections[0] if sections else None)
    rows = (
        list_rows(section_problems(user, current, QUEUE_SIZE), timezone.now(), working_time=False)
        if current
        else []
    )
    batch = current is not None and current.key in BATCH_TABS and bool(rows) and can_dispatch(user)
    if batch and batch_form is None:
        batch_form = BatchDispatchForm()
    return {
        "sections": sections,
        "current": current,
        "rows": rows,
        "more": current is not None and current.count > len(rows),
        "list_query": _query(current.link) if current else "",
        "can_record": scope_for(user).can_write,
        "selectable": batch,
        "batch_form": batch_form if batch else None,
        "checked": set(checked),
    }


@login_required
def queue(request):
    context = queue_context(request.user, request.GET.get("tab", ""))
    return render(request, "ledger/queue.html", context)


class _UnitOption(NamedTuple):
    pk: int
    name: str
    depth: int


def _filter_units(user) -> list[_UnitOption]:
    """Owner units to filter by: the territory and departments the user sees, in tree order.
    Plain tuples: a county has hundreds of units, and model instances cost ~3 ms a page."""
    qs = Unit.objects.filter(kind__in=[UnitKind.TERRITORY, UnitKind.DEPARTMENT], is_active=True)
    qs = scope_for(user).filter(qs, field="id").order_by("-kind", "path")
    return [_UnitOption(*row) for row in qs.values_list("id", "name", "depth")]


class _FilterField(NamedTuple):
    name: str
    label: str
    html: str
    errors: str
    is_check: bool


def _filter_fields(form) -> list[_FilterField]:
    """The filter form's fields, rendered here: the template's own loop over BoundFields
    (their labels, widgets and errors looked up through the template engine) cost more than
    the rows of the table."""
    out = []
    for field in form.visible_fields():
        out.append(
            _FilterField(
                field.name,
                str(field.label),
                str(field),
                " ".join(str(e) for e in field.errors),
                field.name in ("overdue", "due_soon"),
            )
        )
    return out


@login_required
def ledger_list(request):
    user, params = request.user, request.GET
    categories = category_rows()
    units = _filter_units(user)
    form = LedgerFilterForm(params or None, units=units, categories=categories)
    if params:
        form.is_valid()  # shows what could not be read; the filters ignore such values
    errors = filter_errors(params)
    qs = filter_problems(user, params)
    if errors:  # listing everything would pass off an unread filter as applied
        qs = qs.none()
    # Named tuples, not model instances: fifty deferred-field instances cost more than the SQL.
    rows_qs = qs.values_list(*LIST_FIELDS, named=True)
    page = keyset_page(rows_qs, params.get("after"), PAGE_SIZE)
    # Counted on the first page only, capped, and not at all when the page holds everything.
    # When there is more than one page the count comes after the rows, in a second request
    # (ledger_count): on PostgreSQL a unit's capped count costs more than its whole page.
    count = None
    if page.is_first and not page.next_cursor:
        count = (len(page.rows), False)
    kept = {k: params.get(k, "") for k in filter_params() if params.get(k)}
    # Drill-down parameters the form has no field for stay on as hidden fields, and are named.
    extra = {k: v for k, v in kept.items() if k not in FORM_PARAMS}
    export_url = reverse("ledger:export")
    return render(
        request,
        "ledger/list.html",
        {
            "form": form,
            "filter_fields": _filter_fields(form),
            "rows": list_rows(
                page.rows,
                timezone.now(),
                category_names={c["id"]: c["name"] for c in categories},
                unit_names={u.pk: u.name for u in units},
            ),
            "page": page,
            "count": count,
            "count_later": page.is_first and bool(page.next_cursor),
            "next_query": _query({**kept, "after": page.next_cursor}) if page.next_cursor else "",
            "first_query": _query(kept),
            "extra": extra,
            "extra_described": _describe(extra, request.user),
            "export_url": export_url,
            "export_query": _query(kept),
            "can_record": scope_for(user).can_write,
            "can_dispatch": can_dispatch(user),
            "filtered": bool(kept),
            "filter_errors": errors,
        },
    )


@login_required
def ledger_count(request):
    """The first page's "N problems" line, fetched by htmx once the rows are on screen."""
    params = request.GET
    count = None
    if not filter_errors(params):
        count = capped_count(filter_problems(request.user, params))
    return render(request, "ledger/_list_count.html", {"count": count})
