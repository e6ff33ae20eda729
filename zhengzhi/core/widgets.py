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


class FastSelect(forms.Select):
    def render(self, name, value, attrs=None, renderer=None):
        final = self.build_attrs(self.attrs, attrs)
        final["name"] = name
        chosen = {str(v) for v in self.format_value(value)}
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
    def _option(value, label, chosen: set[str]) -> str:
        value = "" if value is None else str(value)
        selected = " selected" if value in chosen else ""
        return (
            f'<option value="{conditional_escape(value)}"{selected}>'
            f"{conditional_escape(label)}</option>"
        )
