"""Where the apps built on the ledger plug into it.

The ledger is layer 3: it never imports campaigns, public reporting, satisfaction or the apps
still to come (cases, inspections, supervision). They reach its pages through the small
registries below, which each fills once in its `AppConfig.ready`, as they already do for the
loop's notices (`services.notices.register_listener`). Registering a key again replaces the
entry, so a test may register and unregister without leaking into the next test.

Each registry keeps the shape its one caller needs; add a registry here (not a copy of one
elsewhere) when a higher app needs a new place on a ledger page.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class DetailPanel:
    """A block on the problem page, drawn by a higher app.

    `context(user, problem, allowed)` returns the template's context, or None to draw nothing;
    `allowed` is the set of moves the user may make on the problem now. `where` places it:
    "facts" (a <dt>/<dd> pair in the facts list) or "main" (a block below the timeline).
    """

    key: str
    template: str
    context: Callable[[Any, Any, set[str]], dict | None]
    where: str = "main"
    order: int = 100


_detail_panels: dict[str, DetailPanel] = {}


def register_detail_panel(panel: DetailPanel) -> None:
    _detail_panels[panel.key] = panel


def unregister_detail_panel(key: str) -> None:
    _detail_panels.pop(key, None)


def detail_panels() -> list[DetailPanel]:
    return sorted(_detail_panels.values(), key=lambda p: (p.order, p.key))


# ---- filters of the ledger list, its API and its export ------------------------------------


@dataclass(frozen=True)
class ProblemFilter:
    """A parameter of the ledger list (`?campaign=12`), also read by the list API and the
    export, that a higher app adds.

    `parse(text)` turns the parameter's text into a value, or raises ValueError with the reason
    shown to the clerk (the list then shows nothing rather than everything); `apply(qs, value)`
    narrows a Problem queryset (already scoped to the user). The list and the export show
    the parameter under `label`, with the name `names(user, values)` gives for its value (one
    query for all values; only what the user may see: any other value is shown as given).
    """

    param: str
    label: Any  # a lazy translation
    parse: Callable[[str], Any]
    apply: Callable[[Any, Any], Any]
    help: str = ""  # the API's description of the parameter
    names: Callable[[Any, set[str]], dict[str, str]] | None = None


def filter_value_names(user, many: list[dict[str, str]]) -> dict[str, dict[str, str]]:
    """{param: {value: name}} for the registered filters among several sets of parameters:
    one call of each filter's `names`, and none for a filter not used."""
    out: dict[str, dict[str, str]] = {}
    for registered in problem_filters():
        values = {p[registered.param] for p in many if p.get(registered.param)}
        if values and registered.names is not None:
            out[registered.param] = registered.names(user, values)
    return out


_problem_filters: dict[str, ProblemFilter] = {}


def register_problem_filter(problem_filter: ProblemFilter) -> None:
    _problem_filters[problem_filter.param] = problem_filter


def unregister_problem_filter(param: str) -> None:
    _problem_filters.pop(param, None)


def problem_filters() -> list[ProblemFilter]:
    return sorted(_problem_filters.values(), key=lambda f: f.param)


# ---- recording: a field of the record form and of the API's create body --------------------


@dataclass(frozen=True)
class RecordExtension:
    """Something a problem may be recorded with that a higher app keeps (the campaign it was
    found in).

    - `form_field(user)`: the record form's field for this user (its choices are theirs), or
      None for no field; the form names it `key`, and `?key=value` on the form's URL preselects
      a valid choice;
    - `api_field`, `api_type`: the create API's body field and its type (a pydantic
      annotation, e.g. `DbId | None`); a value that does not fit is a 422 naming the field;
    - `validate(actor, value)`: raises MoveError when this actor may not record with it; run
      before anything is written;
    - `apply(problem, value, actor)`: after the problem is created, in the same transaction;
      returns what to add to the `problem.report` audit row's data (or None).
    A value of None (the field left empty) is neither validated nor applied.
    """

    key: str
    api_field: str
    api_type: Any
    form_field: Callable[[Any], Any]
    validate: Callable[[Any, Any], None]
    apply: Callable[[Any, Any, Any], dict | None]
    api_help: str = ""
    order: int = 100


_record_extensions: dict[str, RecordExtension] = {}


def register_record_extension(extension: RecordExtension) -> None:
    _record_extensions[extension.key] = extension


def unregister_record_extension(key: str) -> None:
    _record_extensions.pop(key, None)


def record_extensions() -> list[RecordExtension]:
    return sorted(_record_extensions.values(), key=lambda e: (e.order, e.key))


# ---- fields of the API's problem output ----------------------------------------------------


@dataclass(frozen=True)
class ProblemField:
    """A field of a problem in the API's output (list items and the detail) that a higher app
    keeps: `expression()` is an annotation on the Problem queryset (a join or a subquery, so a
    page costs one query, never one per row); `api_type` its type in the schema."""

    key: str
    expression: Callable[[], Any]
    api_type: Any
    api_help: str = ""


_problem_fields: dict[str, ProblemField] = {}


def register_problem_field(field: ProblemField) -> None:
    _problem_fields[field.key] = field


def unregister_problem_field(key: str) -> None:
    _problem_fields.pop(key, None)


def problem_fields() -> list[ProblemField]:
    return sorted(_problem_fields.values(), key=lambda f: f.key)


def with_problem_fields(qs):
    """The queryset with every registered output field annotated."""
    fields = problem_fields()
    return qs.annotate(**{f.key: f.expression() for f in fields}) if fields else qs


# ---- work queue tabs ----------------------------------------------------------------------------


@dataclass(frozen=True)
class QueueTab:
    """A tab of the work queue whose rule a higher app owns (public reporting's "citizen not
    satisfied"). The ledger counts it in the queue's one query with its own tabs and lists it
    the same way, so a registered tab costs no query of its own.

    `shows(user)` says who sees it; `q(user)` is the Q over Problem that holds its problems
    (the ledger adds the user's scope); `statuses` bound it (the queue starts from the status
    index); `order` sorts its rows; `link` lists the same problems in the ledger list; `place`
    puts it among the ledger's tabs (QUEUE_PLACES in ledger.selectors.queue).
    """

    key: str
    label: Any
    shows: Callable[[Any], bool]
    q: Callable[[Any], Any]
    statuses: tuple[str, ...]
    order: tuple[str, ...] = ("id",)
    link: dict[str, str] | None = None
    place: int = 65  # after "verify" (60), before "overdue" (70)


_queue_tabs: dict[str, QueueTab] = {}


def register_queue_tab(tab: QueueTab) -> None:
    _queue_tabs[tab.key] = tab


def unregister_queue_tab(key: str) -> None:
    _queue_tabs.pop(key, None)


def queue_tabs() -> list[QueueTab]:
    return sorted(_queue_tabs.values(), key=lambda t: (t.place, t.key))


# ---- indicator contributors ---------------------------------------------------------------------


@dataclass(frozen=True)
class IndicatorContributor:
    """Counts a higher app adds to the unit indicators (satisfaction adds "rated" and
    "satisfied"; the ledger's satisfaction rate and its ranking weight are built on them and
    left out, as any rate without a denominator, when nobody contributes them).

    `columns` {column: (label, definition)} are counts, summable over units (a street is the
    sum of its communities). `compute(start, end, field, unit_ids)` returns {unit id: {column:
    count}} for the problems attributed by `field` (owner_unit_id or supporting_unit_id) in
    [start, end), limited to `unit_ids` unless None, in one or a few queries whatever the
    number of units. `links(period, level, unit_id)` gives each column's drill-down URL (the
    ledger list cannot filter on what it does not know).
    """

    key: str
    columns: dict[str, tuple[Any, Any]]
    compute: Callable[..., dict[int, dict[str, int]]]
    links: Callable[..., dict[str, str]] | None = None
    order: int = 100


_indicator_contributors: dict[str, IndicatorContributor] = {}


def register_indicator_contributor(contributor: IndicatorContributor) -> None:
    _indicator_contributors[contributor.key] = contributor


def unregister_indicator_contributor(key: str) -> None:
    _indicator_contributors.pop(key, None)


def indicator_contributors() -> list[IndicatorContributor]:
    return sorted(_indicator_contributors.values(), key=lambda c: (c.order, c.key))


def contributed_columns() -> dict[str, tuple[Any, Any]]:
    """{column: (label, definition)} of every contributor, in their order."""
    out: dict[str, tuple[Any, Any]] = {}
    for contributor in indicator_contributors():
        out.update(contributor.columns)
    return out
