"""Which problems a user may see: the owner (块) and the supporting department (条) within the
user's scope, and what the user reported; the office and leaders see all."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from zhengzhi.ledger.models import Problem
from zhengzhi.org.scope import scope_for


def visible_problems(user, qs: QuerySet[Problem] | None = None) -> QuerySet[Problem]:
    qs = Problem.objects.all() if qs is None else qs
    scope = scope_for(user)
    if scope.all_units:
        return qs
    if not user.is_authenticated:
        return qs.none()
    ids = scope.unit_ids
    # A problem held by the office (a covert finding not yet released) is the office's alone.
    return qs.filter(held=False).filter(
        Q(owner_unit__in=ids) | Q(supporting_unit__in=ids) | Q(reported_by=user)
    )


def visible_problems_sql(user, table: str, quote_name) -> tuple[str, list] | None:
    """visible_problems as an SQL condition on `table` (the problem table, quoted) with its
    parameters, for an aggregate cheaper written than compiled on every request (the dispatch
    sheet's ledger figures); None: every problem. Kept beside visible_problems: one rule."""
    scope = scope_for(user)
    if scope.all_units:
        return None
    if not user.is_authenticated:
        return "1 = 0", []

    def col(name: str) -> str:
        return f"{table}.{quote_name(Problem._meta.get_field(name).column)}"

    parts, params = [], []
    ids = sorted(scope.unit_ids)
    if ids:
        marks = ", ".join(["%s"] * len(ids))
        parts += [f"{col('owner_unit')} IN ({marks})", f"{col('supporting_unit')} IN ({marks})"]
        params += ids + ids
    parts.append(f"{col('reported_by')} = %s")
    params.append(user.pk)
    return f"({col('held')} = %s AND ({' OR '.join(parts)}))", [False, *params]


def get_problem_for_user(user, pk: int, qs: QuerySet[Problem] | None = None) -> Problem:
    from django.http import Http404

    try:
        return visible_problems(user, qs).get(pk=pk)
    except Problem.DoesNotExist:
        raise Http404 from None
