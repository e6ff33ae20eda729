"""A site kind's field declarations and the checking of a site's attributes against them.

One function serves the form, the API and the roster import: `clean_attributes` takes raw
values (strings from a sheet or a form, or JSON values from the API) and answers the typed
values to store plus a reason per field that cannot be read. Dates are stored as ISO strings,
decimals as strings (exact), multiple choices as lists in the declaration's order.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

TYPES = ("text", "integer", "decimal", "date", "boolean", "choice", "choices")
KEY_RE = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
TRUE_WORDS = {"1", "true", "yes", "y", "是", "有", "√", "✓", "已安装", "已配备"}
FALSE_WORDS = {"0", "false", "no", "n", "否", "无", "×", "未安装", "未配备"}
# Separators offices use between several choices in one cell.
MULTI_SPLIT = re.compile(r"[、,，;；/\n]+")


@dataclass(frozen=True)
class FieldDecl:
    key: str
    label: str
    label_en: str
    type: str
    required: bool
    choices: tuple[str, ...]
    min: float | None
    max: float | None
    # For a "choices" field: the key of another "choices" field it must stay within (the food
    # workshop's products within its registered catalogue entries).
    within: str

    def title(self) -> str:
        """The label in the reader's language (Chinese labels serve both Chinese scripts)."""
        lang = translation.get_language() or ""
        if lang.startswith("en") and self.label_en:
            return self.label_en
        return self.label


class DeclarationError(ValueError):
    pass


def parse_fields(raw: Any) -> list[FieldDecl]:
    """The declaration list, checked; DeclarationError names the first bad entry."""
    if not isinstance(raw, list):
        raise DeclarationError(_("The fields must be a list."))
    out: list[FieldDecl] = []
    seen: set[str] = set()
    for i, item in enumerate(raw, start=1):
        if not isinstance(item, dict):
            raise DeclarationError(_("Field %(n)d is not an object.") % {"n": i})
        key = str(item.get("key", ""))
        if not KEY_RE.match(key):
            raise DeclarationError(
                _("Field %(n)d: the key must be lower-case letters, digits and underscores.")
                % {"n": i}
            )
        if key in seen:
            raise DeclarationError(
                _("Field %(n)d: the key %(key)s is used twice.") % {"n": i, "key": key}
            )
        seen.add(key)
        ftype = item.get("type", "text")
        if ftype not in TYPES:
            raise DeclarationError(
                _("Field %(n)d: unknown type %(type)s.") % {"n": i, "type": ftype}
            )
        label = str(item.get("label", "")).strip()
        if not label:
            raise DeclarationError(_("Field %(n)d has no label.") % {"n": i})
        choices = item.get("choices") or []
        if ftype in ("choice", "choices") and (
            not isinstance(choices, list)
            or not choices
            or not all(isinstance(c, str) for c in choices)
        ):
            raise DeclarationError(
                _("Field %(n)d: a choice field needs a list of choices.") % {"n": i}
            )
        out.append(
            FieldDecl(
                key=key,
                label=label,
                label_en=str(item.get("label_en", "")),
                type=ftype,
                required=bool(item.get("required", False)),
                choices=tuple(choices),
                min=item.get("min"),
                max=item.get("max"),
                within=str(item.get("within", "")),
            )
        )
    for decl in out:
        if decl.within and not any(d.key == decl.within and d.type == "choices" for d in out):
            raise DeclarationError(
                _("Field %(key)s: %(within)s is not a multiple-choice field of this kind.")
                % {"key": decl.key, "within": decl.within}
            )
    return out


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip()) or value == []


def clean_value(decl: FieldDecl, value: Any) -> Any:
    """The typed value, or ValueError with the reason."""
    t = decl.type
    if t == "text":
        text = str(value).strip()
        if len(text) > 500:
            raise ValueError(_("at most 500 characters"))
        return text
    if t in ("integer", "decimal"):
        if isinstance(value, bool):
            raise ValueError(_("not a number"))
        try:
            number = Decimal(str(value).strip().replace(",", ""))
        except InvalidOperation:
            raise ValueError(_("not a number")) from None
        if not number.is_finite():
            raise ValueError(_("not a number"))
        if t == "integer":
            if number != number.to_integral_value():
                raise ValueError(_("not a whole number"))
            number = Decimal(int(number))
        if decl.min is not None and number < Decimal(str(decl.min)):
            raise ValueError(_("at least %(min)s") % {"min": decl.min})
        if decl.max is not None and number > Decimal(str(decl.max)):
            raise ValueError(_("at most %(max)s") % {"max": decl.max})
        return int(number) if t == "integer" else str(number.normalize())
    if t == "date":
        if isinstance(value, dt.datetime):
            return value.date().isoformat()
        if isinstance(value, dt.date):
            return value.isoformat()
        text = str(value).strip().replace("/", "-").replace(".", "-")
        text = re.sub(r"^(\d{4})年(\d{1,2})月(\d{1,2})日?$", r"\1-\2-\3", text)
        try:
            y, m, d = (int(p) for p in text.split("-"))
            return dt.date(y, m, d).isoformat()
        except (ValueError, TypeError):
            raise ValueError(_("not a date (YYYY-MM-DD)")) from None
    if t == "boolean":
        if isinstance(value, bool):
            return value
        word = str(value).strip().lower()
        if word in TRUE_WORDS:
            return True
        if word in FALSE_WORDS:
            return False
        raise ValueError(_("not yes or no"))
    if t == "choice":
        text = str(value).strip()
        if text not in decl.choices:
            raise ValueError(_("not one of: %(choices)s") % {"choices": "、".join(decl.choices)})
        return text
    # "choices": several, in the declaration's order
    if isinstance(value, list):
        items = [str(v) for v in value]
    else:
        # Whole choices first: a choice may itself hold a separator ("食用油、油脂及其制品").
        text, items = str(value), []
        for choice in sorted(decl.choices, key=len, reverse=True):
            if choice in text:
                items.append(choice)
                text = text.replace(choice, "\n")
        items += MULTI_SPLIT.split(text)
    picked = {v.strip() for v in items if v.strip()}
    unknown = sorted(picked - set(decl.choices))
    if unknown:
        raise ValueError(_("not among the choices: %(values)s") % {"values": "、".join(unknown)})
    return [c for c in decl.choices if c in picked]


def clean_attributes(
    decls: list[FieldDecl], raw: dict[str, Any], *, partial: bool = False
) -> tuple[dict[str, Any], dict[str, str]]:
    """(values, errors by key). Unknown keys are errors; with `partial`, missing required
    fields are not (an update that leaves them as they are)."""
    by_key = {d.key: d for d in decls}
    values: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for key in raw:
        if key not in by_key:
            errors[key] = _("not a field of this kind")
    for decl in decls:
        if decl.key not in raw:
            if decl.required and not partial:
                errors[decl.key] = pgettext("site field", "required")
            continue
        value = raw[decl.key]
        if _blank(value):
            if decl.required:
                errors[decl.key] = pgettext("site field", "required")
            continue
        try:
            values[decl.key] = clean_value(decl, value)
        except ValueError as exc:
            errors[decl.key] = str(exc)
    for decl in decls:
        if decl.within and decl.key in values and decl.within in values:
            outside = [v for v in values[decl.key] if v not in values[decl.within]]
            if outside:
                errors[decl.key] = _("outside %(field)s: %(values)s") % {
                    "field": by_key[decl.within].title(),
                    "values": "、".join(outside),
                }
    return values, errors


def display_value(decl: FieldDecl, value: Any) -> str:
    if value is None or value == "" or value == []:
        return ""
    if decl.type == "boolean":
        return _("Yes") if value else _("No")
    if decl.type == "choices":
        return "、".join(value)
    return str(value)
