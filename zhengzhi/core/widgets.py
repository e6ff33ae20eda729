"""Form widgets that stay fast with hundreds of options.

Django renders every <option> of a Select through its own template: with a unit tree of a few
hundred units that alone cost the ledger list ~20 ms a page. FastSelect writes the same markup
(optgroups included) in one pass, escaping every value and label.
"""

from __future__ import annotations

from django import forms
from django.forms.utils import flatatt
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe

_RENDERED_MAX = 256
_rendered: dict[tuple, str] = {}


class FastSelect(forms.Select):
    def render(self, name, value, attrs=None, renderer=None):
        final = self.build_attrs(self.attrs, attrs)
        final["name"] = name
        chosen = frozenset(str(v) for v in self.format_value(value))
        # The same options render to the same markup: a filter form shows the same few
        # hundred units and categories on every page, so the markup is kept by content (the
        # key holds every value and label as shown, so a renamed unit is a new key).
        key = (
            tuple(sorted((k, str(v)) for k, v in final.items())),
            chosen,
            tuple(
                (g if g is None else str(g), tuple((str(v), str(lab)) for v, lab in opts))
                for g, opts in self._groups()
            ),
        )
        html = _rendered.get(key)
        if html is None:
            html = self._render(final, chosen)
            if len(_rendered) >= _RENDERED_MAX:
                _rendered.clear()
            _rendered[key] = html
        return html

    def _render(self, final: dict, chosen: frozenset[str]):
        parts = [format_html("<select{}>", flatatt(final))]
        for group_value, group_choices in self._groups():
            if group_value is None:
                parts.extend(self._option(v, label, chosen) for v, label in group_choices)
            else:
                parts.append(format_html('<optgroup label="{}">', group_value))
                parts.extend(self._option(v, label, chosen) for v, label in group_choices)
                parts.append("</optgroup>")
        parts.append("</select>")
        return mark_safe("".join(parts))  # noqa: S308 - every value and label escaped above

    def _groups(self):
        for value, label in self.choices:
            if isinstance(label, (list, tuple)):
                yield value, label
            else:
                yield None, [(value, label)]

    @staticmethod
    def _option(value, label, chosen: frozenset[str]) -> str:
        value = "" if value is None else str(value)
        selected = " selected" if value in chosen else ""
        return (
            f'<option value="{conditional_escape(value)}"{selected}>'
            f"{conditional_escape(label)}</option>"
        )


class FastInputMixin:
    """An <input> written directly, with the markup of Django's input.html and attrs.html:
    Django renders each widget through the form renderer's templates, which for the ledger
    filter form's eight plain inputs cost more than its two selects of hundreds of options."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        out = {"type": widget["type"], "name": widget["name"]}
        if widget["value"] is not None:
            out["value"] = str(widget["value"])
        for key, val in widget["attrs"].items():
            # Django writes an attribute given twice twice, and browsers keep the first.
            if val is not False and val is not None and key not in out:
                out[key] = val
        return format_html("<input{}>", flatatt(out))


class FastTextInput(FastInputMixin, forms.TextInput):
    pass


class FastDateInput(FastInputMixin, forms.DateInput):
    pass


class FastCheckboxInput(FastInputMixin, forms.CheckboxInput):
    pass


def set_normalized_choices(field: forms.ChoiceField, choices: list) -> None:
    """Gives a ChoiceField (and its widget) choices that are already a list of (value, label)
    pairs and (group, pairs) groups. Django's setters normalise every choice twice, walking
    each label character by character: 685 calls a page for the ledger's filter form. The
    field still validates against these choices as usual."""
    choices = list(choices)
    field._choices = choices
    field.widget._choices = choices
