"""Filtering sites by their kind's own fields (a retailer's customer grade, a restaurant's hygiene
grade, a gas user's alarm): once the list is narrowed to one kind, each declared field becomes a
filter, read from GET parameters named `f_<key>` (choice, yes/no, text) or `f_<key>_min` and
`f_<key>_max` (numbers and dates). Shared by the list, its export, the map and the API through
selectors.parse_filters / filter_sites.

Values are stored as zhengzhi.sites.kinds.clean_value writes them: integers as numbers, decimals
as text, dates as ISO text, several choices as a list. Ranges compare numbers as numbers (a
cast) and ISO dates as text (their order is the dates' order).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.db import connection
from django.db.models import BooleanField, FloatField, Q, QuerySet, TextField
from django.db.models.expressions import RawSQL
from django.db.models.fields.json import KT
from django.db.models.functions import Cast
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from zhengzhi.sites.kinds import KEY_RE, FieldDecl, clean_value

PREFIX = "f_"
RANGED = ("integer", "decimal", "date")


@dataclass(frozen=True)
class AttributeFilter:
    key: str
    type: str
    op: str  # "eq", "has" (one of several choices), "contains" (text), "min", "max"
    value: Any


def param_names(decls: list[FieldDecl]) -> list[str]:
    names = []
    for d in decls:
        if d.type in RANGED:
            names += [f"{PREFIX}{d.key}_min", f"{PREFIX}{d.key}_max"]
        else:
            names.append(PREFIX + d.key)
    return names


def parse(get, decls: list[FieldDecl]) -> tuple[list[AttributeFilter], dict[str, str]]:
    """The filters given in the parameters (`get(name)` -> stripped text), and a reason per
    value that cannot be read (an unknown choice, a date that is not one)."""
    out: list[AttributeFilter] = []
    errors: dict[str, str] = {}
    for d in decls:
        if d.type in RANGED:
            for op in ("min", "max"):
                name = f"{PREFIX}{d.key}_{op}"
                if raw := get(name):
                    try:
                        value = clean_value(d, raw)
                    except ValueError as exc:
                        errors[name] = str(exc)
                        continue
                    out.append(AttributeFilter(d.key, d.type, op, value))
            continue
        name = PREFIX + d.key
        raw = get(name)
        if not raw:
            continue
        if d.type == "boolean":
            if raw not in ("1", "0"):
                errors[name] = _("not yes or no")
                continue
            out.append(AttributeFilter(d.key, d.type, "eq", raw == "1"))
        elif d.type in ("choice", "choices"):
            if raw not in d.choices:
                errors[name] = _("not one of the choices")
                continue
            out.append(AttributeFilter(d.key, d.type, "eq" if d.type == "choice" else "has", raw))
        else:
            out.append(AttributeFilter(d.key, d.type, "contains", raw))
    return out, errors


def _text(path: str) -> Cast:
    # The value as plain text. KT alone keeps the JSON key lookups, which read the compared
    # value as JSON ("良好(B)" is not JSON).
    return Cast(KT(path), TextField())


def apply(qs: QuerySet, filters: list[AttributeFilter]) -> QuerySet:
    for number, f in enumerate(filters):
        path = f"attributes__{f.key}"
        alias = f"attr_{number}"
        if f.op in ("min", "max"):
            lookup = "gte" if f.op == "min" else "lte"
            if f.type == "date":
                qs = qs.alias(**{alias: _text(path)}).filter(**{f"{alias}__{lookup}": f.value})
            else:
                expr = Cast(KT(path), FloatField())
                qs = qs.alias(**{alias: expr}).filter(**{f"{alias}__{lookup}": float(f.value)})
        elif f.type == "boolean":
            qs = qs.filter(**{path: f.value})
        elif f.op == "eq":
            qs = qs.alias(**{alias: _text(path)}).filter(**{alias: f.value})
        elif f.op == "contains":
            qs = qs.alias(**{alias: _text(path)}).filter(**{f"{alias}__icontains": f.value})
        else:  # "has": one of the chosen values of a "choices" field
            qs = qs.filter(_has(f.key, f.value))
    return qs


def _has(key: str, value: str) -> Q:
    if connection.vendor == "postgresql":
        return Q(**{f"attributes__{key}__contains": [value]})  # jsonb @>, on its GIN-less scan
    # SQLite has no JSON containment: the list's elements, one by one. `key` is a declared key
    # (kinds.KEY_RE: [a-z][a-z0-9_]*), so it may stand in the path.
    if not KEY_RE.match(key):
        raise ValueError(key)
    return Q(
        RawSQL(  # noqa: S611 - the key matches KEY_RE; the value is a parameter
            "EXISTS (SELECT 1 FROM json_each(site_registry_site.attributes, "  # noqa: S608
            f"'$.{key}') WHERE value = %s)",
            [value],
            output_field=BooleanField(),
        )
    )


def form_fields(decls: list[FieldDecl]) -> dict[str, forms.Field]:
    """The filter form's fields for the kind's declared fields, in their order."""
    fields: dict[str, forms.Field] = {}
    for d in decls:
        label = d.title()
        if d.type in RANGED:
            widget = forms.DateInput(attrs={"type": "date"}) if d.type == "date" else None
            for op, word in (("min", pgettext("range", "from")), ("max", pgettext("range", "to"))):
                kwargs = {"widget": widget} if widget else {}
                fields[f"{PREFIX}{d.key}_{op}"] = forms.CharField(
                    label=f"{label} {word}", required=False, max_length=20, **kwargs
                )
        elif d.type == "boolean":
            fields[PREFIX + d.key] = forms.ChoiceField(
                label=label,
                required=False,
                choices=[("", _("All")), ("1", _("Yes")), ("0", _("No"))],
            )
        elif d.type in ("choice", "choices"):
            fields[PREFIX + d.key] = forms.ChoiceField(
                label=label, required=False, choices=[("", _("All")), *[(c, c) for c in d.choices]]
            )
        else:
            fields[PREFIX + d.key] = forms.CharField(label=label, required=False, max_length=100)
    return fields
