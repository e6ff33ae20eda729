"""What the office's edit pages share: turning a service's refusal into form errors, and
showing what was saved meanwhile when a save comes too late (stale)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils.translation import gettext as _

from zhengzhi.campaigns.services.errors import CampaignError


def refuse(form, exc: CampaignError, formset=None, list_fields: tuple[str, ...] = ()) -> None:
    """The service's message next to its field, at the top of the list, or of the form."""
    if formset is not None and (exc.field in list_fields or exc.field is None):
        formset.service_errors.append(exc.message)
    elif exc.field in form.fields:
        form.add_error(exc.field, exc.message)
    else:
        form.add_error(None, exc.message)


def shown(field, value) -> str:
    """A value as the page shows it: choices by their label, figures without trailing zeros."""
    if value in (None, "", []):
        return "—"
    if isinstance(value, list | tuple) and not getattr(field, "choices", None):
        return ", ".join(str(v) for v in value)
    choices = getattr(field, "choices", None)
    if choices:
        labels = {}
        for key, label in choices:
            if isinstance(label, list | tuple):
                labels.update({str(k): str(v) for k, v in label})
            else:
                labels[str(key)] = str(label)
        values = sorted(value, key=str) if isinstance(value, list | tuple) else [value]
        return "、".join(labels.get(str(v), str(v)) for v in values)
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, Decimal):
        return f"{value.normalize():f}"
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def differences(form, saved: dict) -> list[tuple[str, str, str]]:
    """(label, saved now, yours) of each field where what is saved now differs from what was
    typed: what the office must look at before saving again."""
    rows = []
    for name, field in form.fields.items():
        if name == "version" or name not in form.cleaned_data:
            continue
        mine, theirs = shown(field, form.cleaned_data[name]), shown(field, saved.get(name))
        if mine != theirs:
            rows.append((str(field.label), theirs, mine))
    return rows
