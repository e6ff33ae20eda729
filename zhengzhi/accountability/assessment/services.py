"""Saving the office's 考核细则 (audited, guarded by its version)."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from zhengzhi.accountability.assessment.scheme import item_errors
from zhengzhi.accountability.models import AssessmentScheme
from zhengzhi.accountability.services.errors import AccountabilityError
from zhengzhi.audit.services import record as audit


@transaction.atomic
def save_scheme(
    scheme_id: int,
    *,
    actor,
    version: int,
    name: str,
    level: str,
    items: list[dict],
    deductions: dict,
    deduction_cap: Decimal,
    request=None,
) -> AssessmentScheme:
    errors = item_errors(items, deductions)
    if errors:
        raise AccountabilityError(" ".join(errors), "invalid")
    scheme = AssessmentScheme.objects.select_for_update().get(pk=scheme_id)
    if scheme.version != version:
        raise AccountabilityError(
            _("Someone changed this scheme meanwhile: reload the page and try again."), "stale"
        )
    scheme.name, scheme.level, scheme.items = name, level, items
    scheme.deductions, scheme.deduction_cap = deductions, deduction_cap
    scheme.version += 1
    scheme.save()
    audit(
        "accountability.scheme.saved",
        actor=actor,
        obj=scheme,
        request=request,
        data={"items": items, "deductions": deductions, "cap": str(deduction_cap)},
    )
    return scheme
