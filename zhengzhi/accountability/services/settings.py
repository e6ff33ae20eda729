"""The office's settings of accountability, edited on pages: the list rules (红榜/黑榜), the
consequences of black flags and the supervision groups. Saved (created or edited) or set
inactive — never deleted, their entries and records point at them — each change audited."""

from __future__ import annotations

from django.db import transaction

from zhengzhi.accountability.models import ConsequenceRule, ListRule, SupervisionGroup
from zhengzhi.audit.services import record as audit

# The audit action's middle word per model.
KEYS = {ListRule: "list_rule", ConsequenceRule: "consequence_rule", SupervisionGroup: "group"}


@transaction.atomic
def save_setting(obj, *, actor, m2m: dict | None = None, request=None):
    """The form has validated the fields; `m2m`: {field: objects} set after the save."""
    created = obj.pk is None
    obj.save()
    for name, values in (m2m or {}).items():
        getattr(obj, name).set(values)
    audit(
        f"accountability.{KEYS[type(obj)]}.saved",
        actor=actor,
        obj=obj,
        request=request,
        data={"created": created, "name": obj.name, "active": obj.is_active},
    )
    return obj


@transaction.atomic
def set_active(obj, active: bool, *, actor, request=None):
    obj.is_active = active
    obj.save(update_fields=["is_active"])
    audit(
        f"accountability.{KEYS[type(obj)]}.{'reactivated' if active else 'deactivated'}",
        actor=actor,
        obj=obj,
        request=request,
        data={"name": obj.name},
    )
    return obj
