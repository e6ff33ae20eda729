"""Changing the ranking's weights: the office's decision, validated and audited."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from zhengzhi.audit.services import changes, record
from zhengzhi.core.roles import Role
from zhengzhi.ledger.indicators.ranking import WEIGHT_FIELDS
from zhengzhi.ledger.models import RankingWeights
from zhengzhi.org.scope import scope_for

FIELDS = (*WEIGHT_FIELDS, "min_volume", "prior_strength")
MAX_WEIGHT = Decimal("1000")
MAX_COUNT = 100_000


def weight_errors(values: dict[str, Any]) -> dict[str, str]:
    """{field: reason} for values that would make a meaningless ranking."""
    errors: dict[str, str] = {}
    total = Decimal(0)
    for name in WEIGHT_FIELDS:
        try:
            value = Decimal(str(values[name]))
        except (KeyError, InvalidOperation):
            errors[name] = _("Give a number.")
            continue
        if not value.is_finite() or value < 0 or value > MAX_WEIGHT:
            errors[name] = _("A weight is a number from 0 to %(max)s.") % {"max": MAX_WEIGHT}
        else:
            total += value
    if not errors and total <= 0:
        errors["__all__"] = _("At least one weight must be above 0.")
    for name in ("min_volume", "prior_strength"):
        value = values.get(name)
        if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= MAX_COUNT:
            errors[name] = _("Give a whole number from 0 to %(max)s.") % {"max": MAX_COUNT}
    return errors


@transaction.atomic
def update_weights(*, actor, request=None, **values) -> RankingWeights:
    """The office administrator sets the weights; one audit row holds what changed."""
    if not (actor.has_role(Role.OFFICE_ADMIN) and scope_for(actor).can_write):
        raise PermissionDenied(_("Only the office administrator sets the ranking weights."))
    weights, _created = RankingWeights.objects.select_for_update().get_or_create(pk=1)
    before = {name: getattr(weights, name) for name in FIELDS}
    # A value not given keeps its current one (a client that predates a newer weight).
    values = before | {k: values[k] for k in FIELDS if k in values}
    errors = weight_errors(values)
    if errors:
        raise ValidationError(errors)
    for name, value in values.items():
        setattr(weights, name, Decimal(str(value)) if name in WEIGHT_FIELDS else value)
    weights.updated_by = actor
    weights.save()
    weights.refresh_from_db()
    record(
        "ledger.ranking_weights.update",
        actor=actor,
        obj=weights,
        request=request,
        data=changes(weights, before, list(FIELDS)),
    )
    return weights
