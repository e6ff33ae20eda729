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
    the parameter under `label`, with its value as given.
    """

    param: str
    label: Any  # a lazy translation
    parse: Callable[[str], Any]
    apply: Callable[[Any, Any], Any]
    help: str = ""  # the API's description of the parameter


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
