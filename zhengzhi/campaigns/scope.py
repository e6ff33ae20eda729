"""Who sees which campaign, task and report.

The office and leaders (whose scope is every unit) see every campaign. A unit sees the campaigns
in which it (or a unit below it) leads, supports or reports on a task, and within them only
those tasks; it reports only on its own assignments. Anything else is "not found".
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from zhengzhi.campaigns.models import Assignment, Campaign, Task
from zhengzhi.core.roles import Role
from zhengzhi.org.scope import scope_for


def _task_q(ids, prefix: str = "") -> Q:
    return (
        Q(**{f"{prefix}lead_unit__in": ids})
        | Q(**{f"{prefix}supporting_units__in": ids})
        | Q(**{f"{prefix}assignments__unit__in": ids})
    )


def visible_campaigns(user, qs: QuerySet[Campaign] | None = None) -> QuerySet[Campaign]:
    qs = Campaign.objects.all() if qs is None else qs
    scope = scope_for(user)
    if scope.all_units:
        return qs
    if not scope.unit_ids:
        return qs.none()
    mine = Task.objects.filter(_task_q(scope.unit_ids), campaign=OuterRef("pk"))
    return qs.filter(Exists(mine))


def recordable_campaigns(user) -> QuerySet[Campaign]:
    """Campaigns under way that a problem this user records may belong to: those they can open
    (they take part in them), so the problem page's link to its campaign never leads nowhere."""
    from zhengzhi.campaigns.models import CampaignStatus

    return visible_campaigns(user, Campaign.objects.filter(status=CampaignStatus.ACTIVE))


def get_campaign_for_user(user, pk: int) -> Campaign:
    try:
        return visible_campaigns(user).select_related("scope_unit", "office_unit").get(pk=pk)
    except Campaign.DoesNotExist:
        raise Http404 from None


def visible_tasks(user, campaign: Campaign | None = None) -> QuerySet[Task]:
    qs = Task.objects.all()
    if campaign is not None:
        qs = qs.filter(campaign=campaign)
    scope = scope_for(user)
    if scope.all_units:
        return qs
    if not scope.unit_ids:
        return qs.none()
    ids = scope.unit_ids
    # Each way of taking part as its own EXISTS, not one join of every task to all its
    # assignments filtered after (a county's task has 200 of them): the same tasks, each
    # looked up by its index.
    supports = Task.supporting_units.through.objects.filter(task_id=OuterRef("pk"), unit_id__in=ids)
    reports = Assignment.objects.filter(task_id=OuterRef("pk"), unit__in=ids)
    return qs.filter(Q(lead_unit__in=ids) | Exists(supports) | Exists(reports))


def visible_tasks_sql(user, alias: str, connection) -> tuple[str, list] | None:
    """visible_tasks as an SQL condition on the task table under `alias`, with its parameters,
    for the dispatch sheet's hand-written SELECT (zhengzhi.core.rawsql); None: every task. Kept
    beside visible_tasks: one rule, the same three ways of taking part."""
    scope = scope_for(user)
    if scope.all_units:
        return None
    ids = sorted(scope.unit_ids)
    if not ids:
        return "1 = 0", []
    qn = connection.ops.quote_name
    marks = ", ".join(["%s"] * len(ids))
    through = Task.supporting_units.through._meta
    supports, s_task, s_unit = (
        qn(through.db_table),
        qn(through.get_field("task").column),
        qn(through.get_field("unit").column),
    )
    a_table = qn(Assignment._meta.db_table)
    a_task, a_unit = (qn(Assignment._meta.get_field(n).column) for n in ("task", "unit"))
    pk = f"{qn(alias)}.{qn(Task._meta.pk.column)}"
    lead = f"{qn(alias)}.{qn(Task._meta.get_field('lead_unit').column)}"
    # Placeholders only; quoted names from the models' meta.
    sql = (
        f"({lead} IN ({marks}) "  # noqa: S608
        f"OR EXISTS (SELECT 1 FROM {supports} WHERE {supports}.{s_task} = {pk} "
        f"AND {supports}.{s_unit} IN ({marks})) "
        f"OR EXISTS (SELECT 1 FROM {a_table} WHERE {a_table}.{a_task} = {pk} "
        f"AND {a_table}.{a_unit} IN ({marks})))"
    )
    return sql, ids * 3


def visible_assignments_of_sql(user, tasks, alias: str, connection) -> tuple[str, list]:
    """visible_assignments of `tasks` (visible_tasks of the user) as an SQL condition on the
    assignment table under `alias`: its own and those of the tasks it leads. The tasks at hand
    say which it leads, so the query needs no join to the tasks (the sheet's hot path)."""
    qn = connection.ops.quote_name
    task = f"{qn(alias)}.{qn(Assignment._meta.get_field('task').column)}"
    unit = f"{qn(alias)}.{qn(Assignment._meta.get_field('unit').column)}"
    task_ids = [t.pk for t in tasks]
    if not task_ids:
        return "1 = 0", []
    where, params = f"{task} IN ({', '.join(['%s'] * len(task_ids))})", list(task_ids)
    scope = scope_for(user)
    if scope.all_units:
        return where, params
    ids = sorted(scope.unit_ids)
    led = [t.pk for t in tasks if t.lead_unit_id in scope.unit_ids]
    mine = f"{unit} IN ({', '.join(['%s'] * len(ids))})" if ids else "1 = 0"
    if led:
        return (
            f"{where} AND ({mine} OR {task} IN ({', '.join(['%s'] * len(led))}))",
            params + ids + led,
        )
    return f"{where} AND {mine}", params + ids


def get_task_for_user(user, pk: int) -> Task:
    try:
        return visible_tasks(user).select_related("campaign", "lead_unit", "phase").get(pk=pk)
    except Task.DoesNotExist:
        raise Http404 from None


def visible_assignments(user, qs: QuerySet[Assignment] | None = None) -> QuerySet[Assignment]:
    """Rows of the dispatch sheet: a unit sees its own; the lead unit of a task sees every
    reporting unit of it (it coordinates them); the office sees all."""
    qs = Assignment.objects.all() if qs is None else qs
    scope = scope_for(user)
    if scope.all_units:
        return qs
    ids = scope.unit_ids
    return qs.filter(Q(unit__in=ids) | Q(task__lead_unit__in=ids))


def reportable_assignments(user, qs: QuerySet[Assignment] | None = None) -> QuerySet[Assignment]:
    """What the user may report on: their unit's (and units below's) assignments; the office
    may file for any unit (a figure phoned in). Leaders read only."""
    qs = Assignment.objects.all() if qs is None else qs
    scope = scope_for(user)
    if not scope.can_write:
        return qs.none()
    return scope.filter(qs, field="unit")


def can_manage(user) -> bool:
    """Plan and change campaigns: the office (administrators, its leaders and dispatchers)."""
    scope = scope_for(user)
    if not scope.can_write:
        return False
    if user.is_superuser or user.has_role(Role.OFFICE_ADMIN):
        return True
    unit = user.unit
    return bool(
        unit is not None
        and unit.is_office
        and user.has_role(Role.UNIT_LEADER, Role.DISPATCHER, Role.SHIFT_LEADER)
    )


def register_file_rules() -> None:
    """Campaign documents are seen by whoever sees the campaign; report photos by whoever sees
    the report's row of the sheet; pledge documents by the office and the pledging unit."""
    from zhengzhi.campaigns.models import Pledge, ProgressReport
    from zhengzhi.files.scope import register_access_check

    def campaign_doc(user, stored) -> bool:
        return visible_campaigns(user).filter(pk=stored.owner_id).exists()

    def report_photo(user, stored) -> bool:
        report = ProgressReport.objects.filter(pk=stored.owner_id).first()
        return (
            report is not None
            and visible_assignments(user).filter(pk=report.assignment_id).exists()
        )

    def pledge_doc(user, stored) -> bool:
        pledge = Pledge.objects.filter(pk=stored.owner_id).first()
        return pledge is not None and scope_for(user).allows(pledge.unit_id)

    register_access_check("campaigns.campaign", campaign_doc, replaces_unit_rule=True)
    register_access_check("campaigns.progressreport", report_photo, replaces_unit_rule=True)
    register_access_check("campaigns.pledge", pledge_doc, replaces_unit_rule=True)
