"""The home page lands each role on its work, with the ledger's own figures and rows:

- a grid worker: "record a problem" (a big button) and the problems they recorded;
- handlers, dispatchers and verifiers: their work queue (every tab's count, the first rows of the
  first tab with work, a link to the queue);
- the office and leaders: today's summary (ledger.indicators.today), then the supervision
  dashboard's panels (map, charts, campaigns, review countdown, prerequisites, bulletin);
- a unit leader: their unit's dashboard (its figures, rank, overdue problems, late reports and
  open supervision items).
A role with none of these (follow-up staff) keeps the unit card and the usual links.
"""

from __future__ import annotations

from django.utils import timezone

from zhengzhi.core.roles import Role
from zhengzhi.ledger.indicators.today import today_summary
from zhengzhi.ledger.selectors import (
    count_sections,
    filter_problems,
    queue_sections,
    section_problems,
)
from zhengzhi.ledger.services.permissions import is_office
from zhengzhi.ledger.views.lists import list_rows
from zhengzhi.ledger.views_indicators import percent
from zhengzhi.org.scope import scope_for
from zhengzhi.supervision.scope import unit_dashboard
from zhengzhi.supervision.views.dashboard import dashboard_context
from zhengzhi.territory.models import Grid

HOME_ROWS = 5
# The office's staff who run the day and the leaders (read-only) see today's summary.
SUMMARY_ROLES = (Role.OFFICE_ADMIN, Role.LEADER, Role.SHIFT_LEADER)


def is_grid_worker(user) -> bool:
    return scope_for(user).can_write and Grid.objects.filter(worker=user).exists()


def _mine(user, now) -> dict:
    params = {"mine": "1"}
    qs = filter_problems(user, params).order_by("-reported_at", "-id")
    problems = list(qs[: HOME_ROWS + 1])
    return {
        "rows": list_rows(problems[:HOME_ROWS], now, working_time=False),
        "more": len(problems) > HOME_ROWS,
    }


def _queue(user, now) -> dict | None:
    sections = queue_sections(user, now)
    if not sections:
        return None
    count_sections(user, sections)
    current = next((s for s in sections if s.count), None)
    rows = (
        list_rows(section_problems(user, current, HOME_ROWS), now, working_time=False)
        if current
        else []
    )
    return {"sections": sections, "current": current, "rows": rows}


def shows_summary(user) -> bool:
    return user.has_role(*SUMMARY_ROLES) or (user.has_role(Role.UNIT_LEADER) and is_office(user))


def home_context(user) -> dict:
    now = timezone.now()
    scope = scope_for(user)
    context: dict = {"scope": scope, "grid_worker": False, "mine": None, "queue": None}
    if shows_summary(user):
        context["summary"] = summary = today_summary(user, now)
        context["on_time_text"] = percent(summary.on_time_rate)
    if is_grid_worker(user):
        context["grid_worker"] = True
        context["mine"] = _mine(user, now)
    context["queue"] = _queue(user, now)
    # The dashboard's panels for leaders and the office's summary readers (today's summary
    # already gives the headline figures) and for unit leaders; dispatchers keep their queue
    # and open the dashboard from the navigation.
    context["dashboard"] = None
    if "summary" in context:
        context["dashboard"] = dashboard_context(user, skip=("headline",))
    elif unit_dashboard(user):
        context["dashboard"] = dashboard_context(user)
    context["can_record"] = scope.can_write
    return context
