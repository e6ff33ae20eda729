"""What each audit action is called, in the reader's language ("login.success" -> 登录成功).

Every app names its own actions in an `audit_names.py` module holding NAMES, a dict from action
to a lazily translated name; this module gathers them from the installed apps on first use (as
Django's admin discovers `admin.py`), so that the audit log, the lowest layer, never imports the
apps above it. An action nobody named shows as its code.
"""

from __future__ import annotations

from functools import cache
from importlib import import_module

from django.apps import apps
from django.utils.text import capfirst
from django.utils.translation import gettext as _

MODULE = "audit_names"
DOWNLOAD = ".download"


@cache
def registered() -> dict[str, object]:
    names: dict[str, object] = {}
    for config in apps.get_app_configs():
        module_name = f"{config.name}.{MODULE}"
        try:
            module = import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name != module_name:
                raise
            continue
        names.update(module.NAMES)
    return names


def object_type_name(label: str) -> str:
    """ "ledger.problem" -> 问题: the model's name; a type that is no model shows as itself."""
    try:
        model = apps.get_model(label)
    except (LookupError, ValueError):
        return label
    return capfirst(str(model._meta.verbose_name))


def action_name(action: str) -> str:
    """The action's name; "<export>.download" after its export's; else the code itself."""
    names = registered()
    if action in names:
        return str(names[action])
    if action.endswith(DOWNLOAD) and action[: -len(DOWNLOAD)] in names:
        return _("%(export)s: downloaded") % {"export": names[action[: -len(DOWNLOAD)]]}
    return action
