"""Who may see a stored file.

The default rule: the file's unit must be in the user's scope (files without a unit are seen only
by those who see all units). An app that attaches files to its objects can register a rule for
its model:

    register_access_check("problems.problem", fn)          # fn(user, file) -> bool

By default the rule applies IN ADDITION to the unit rule (stricter: e.g. the photo of a public
report that shows the reporter's face only for the office). With `replaces_unit_rule=True` it
decides alone (e.g. "whoever may see the problem", when a supporting department outside the
territorial unit works on it too). Anything that is not visible is "not found".
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404

from zhengzhi.org.scope import scope_for

if TYPE_CHECKING:
    from zhengzhi.files.models import StoredFile

AccessCheck = Callable[[object, "StoredFile"], bool]
_CHECKS: dict[str, tuple[AccessCheck, bool]] = {}


def register_access_check(
    model_label: str, check: AccessCheck, *, replaces_unit_rule: bool = False
) -> None:
    """`model_label` is "app_label.modelname" (as in Model._meta.label_lower)."""
    _CHECKS[model_label.lower()] = (check, replaces_unit_rule)


def unregister_access_check(model_label: str) -> None:
    _CHECKS.pop(model_label.lower(), None)


def _owner_label(stored: StoredFile) -> str | None:
    if stored.owner_type_id is None:
        return None
    owner_type = ContentType.objects.get_for_id(stored.owner_type_id)  # cached per process
    return f"{owner_type.app_label}.{owner_type.model}"


def can_see(user, stored: StoredFile) -> bool:
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    label = _owner_label(stored)
    rule = _CHECKS.get(label) if label else None
    if rule is not None:
        check, replaces_unit_rule = rule
        if replaces_unit_rule:
            return bool(check(user, stored))
        return scope_for(user).allows(stored.unit_id) and bool(check(user, stored))
    return scope_for(user).allows(stored.unit_id)


def visible_files(user) -> QuerySet:
    """The unit rule only, for lists; per-owner rules need can_see() on each object."""
    from zhengzhi.files.models import StoredFile

    return scope_for(user).filter(StoredFile.objects.all())


def get_file_for_user(user, file_id) -> StoredFile:
    """The file, or 404 whether it does not exist or the user may not see it."""
    from zhengzhi.files.models import StoredFile

    try:
        stored = StoredFile.objects.get(pk=file_id)
    except (StoredFile.DoesNotExist, ValidationError, ValueError):
        raise Http404 from None
    if not can_see(user, stored):
        raise Http404
    return stored
