"""Surveys (摸底排查): the office asks every community for its roster of some kinds by a date;
a community answers with a roster import for the survey, or with "nothing to report" and a
note. Its latest answer is its submission; the status page shows who is late or missing."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zhengzhi.audit.services import record
from zhengzhi.core.roles import Role
from zhengzhi.org.models import TerritoryLevel, Unit, UnitKind
from zhengzhi.org.scope import scope_for
from zhengzhi.sites.models import RosterImport, Site, SiteKind, Survey, SurveySubmission
from zhengzhi.sites.services.errors import SiteError

SUBMITTING_ROLES = (Role.HANDLER, Role.UNIT_LEADER)


def may_create_survey(user) -> bool:
    return bool(
        getattr(user, "is_authenticated", False)
        and scope_for(user).can_write
        and (user.is_superuser or user.has_role(Role.OFFICE_ADMIN))
    )


def submitting_community(user) -> Unit | None:
    """The community a user answers surveys for: their own, if they handle or lead it."""
    unit = getattr(user, "unit", None)
    if (
        unit is None
        or unit.kind != UnitKind.TERRITORY
        or unit.level != TerritoryLevel.COMMUNITY
        or not unit.is_active
        or not scope_for(user).can_write
        or not user.has_role(*SUBMITTING_ROLES)
    ):
        return None
    return unit


@transaction.atomic
def create_survey(
    actor,
    *,
    title: str,
    kinds: list[SiteKind],
    starts_on: dt.date,
    deadline: dt.date,
    request=None,
) -> Survey:
    if not may_create_survey(actor):
        raise SiteError(_("Only the office creates surveys."), "forbidden")
    title = (title or "").strip()
    if not title:
        raise SiteError(_("A survey needs its title."), "title")
    if not kinds:
        raise SiteError(_("Choose the kinds of site the survey counts."), "kinds")
    if deadline < starts_on:
        raise SiteError(_("The deadline is before the start."), "deadline")
    survey = Survey.objects.create(
        title=title[:120], starts_on=starts_on, deadline=deadline, created_by=actor
    )
    survey.kinds.set(kinds)
    record(
        "sites.survey.created",
        actor=actor,
        obj=survey,
        data={
            "kinds": sorted(k.code for k in kinds),
            "starts_on": starts_on.isoformat(),
            "deadline": deadline.isoformat(),
        },
        request=request,
    )
    return survey


def check_can_submit(
    actor, survey: Survey, community: Unit | None, *, kind: SiteKind | None, now: dt.datetime
) -> None:
    if community is None:
        raise SiteError(
            _("Only a community's handler or leader submits its roster for a survey."), "survey"
        )
    if timezone.localtime(now).date() < survey.starts_on:
        raise SiteError(
            _("The survey starts on %(date)s.") % {"date": survey.starts_on.isoformat()}, "survey"
        )
    if kind is not None and not survey.kinds.filter(pk=kind.pk).exists():
        raise SiteError(
            _("The survey does not count sites of the kind %(kind)s.") % {"kind": kind.name},
            "survey",
        )


def _site_count(survey: Survey, community: Unit) -> int:
    return Site.objects.filter(kind__in=survey.kinds.all(), community=community).count()


def record_submission(
    actor,
    survey: Survey,
    community: Unit,
    *,
    now: dt.datetime,
    roster: RosterImport | None = None,
    note: str = "",
    request=None,
) -> SurveySubmission:
    """The community's submission, created or replaced (its latest answer counts)."""
    count = _site_count(survey, community)
    submission, created = SurveySubmission.objects.update_or_create(
        survey=survey,
        community=community,
        defaults={
            "submitted_at": now,
            "submitted_by": actor if getattr(actor, "is_authenticated", False) else None,
            "site_count": count,
            "note": note[:200],
        },
    )
    record(
        "sites.survey.submitted",
        actor=actor,
        obj=survey,
        unit_id=community.pk,
        data={
            "community": community.pk,
            "sites": count,
            "roster": roster.pk if roster else None,
            "nothing_to_report": roster is None,
            "note": note[:200],
            "replaced": not created,
        },
        request=request,
    )
    return submission


@transaction.atomic
def submit_nothing(
    actor, survey: Survey, *, note: str, now: dt.datetime | None = None, request=None
) -> SurveySubmission:
    """ "Nothing to report" (无新增): the community says so, with a note on how it checked."""
    now = now or timezone.now()
    community = submitting_community(actor)
    check_can_submit(actor, survey, community, kind=None, now=now)
    note = (note or "").strip()
    if not note:
        raise SiteError(_("Say in a note how the community checked."), "note")
    assert community is not None
    return record_submission(actor, survey, community, now=now, note=note, request=request)


class State:
    ON_TIME = "on_time"
    LATE = "late"
    MISSING = "missing"  # deadline passed, nothing submitted
    WAITING = "waiting"  # not yet, deadline still ahead

    LABELS = {
        ON_TIME: gettext_lazy("Submitted on time"),
        LATE: gettext_lazy("Submitted late"),
        MISSING: gettext_lazy("Not submitted, overdue"),
        WAITING: gettext_lazy("Not yet submitted"),
    }


@dataclass
class StatusRow:
    community: Unit
    street_name: str
    state: str
    submission: SurveySubmission | None
    site_count: int  # sites of the survey's kinds in the community now

    @property
    def label(self):
        return State.LABELS[self.state]

    @property
    def highlighted(self) -> bool:
        """Not submitted by the deadline: late, or still missing after it."""
        return self.state in (State.LATE, State.MISSING)


@dataclass
class SurveyStatus:
    survey: Survey
    rows: list[StatusRow]
    today: dt.date

    def count(self, state: str) -> int:
        return sum(1 for r in self.rows if r.state == state)

    @property
    def counts(self) -> dict[str, int]:
        return {s: self.count(s) for s in State.LABELS}

    @property
    def summary(self) -> list[tuple[object, int]]:
        return [(label, self.count(state)) for state, label in State.LABELS.items()]

    @property
    def highlighted(self) -> int:
        return sum(1 for r in self.rows if r.highlighted)


def survey_status(user, survey: Survey, *, now: dt.datetime | None = None) -> SurveyStatus:
    """Every community the user may see with its answer to the survey: four queries whatever
    the number of communities."""
    today = timezone.localtime(now or timezone.now()).date()
    communities_qs = (
        scope_for(user)
        .filter(
            Unit.objects.filter(
                kind=UnitKind.TERRITORY, level=TerritoryLevel.COMMUNITY, is_active=True
            ),
            field="id",
        )
        .order_by("path")
    )
    communities = list(communities_qs)
    parents = {
        u.path: u.name
        for u in Unit.objects.filter(path__in={c.path[: -Unit.steplen] for c in communities}).only(
            "path", "name"
        )
    }
    ids = [c.pk for c in communities]
    submissions = {
        s.community_id: s
        for s in SurveySubmission.objects.filter(
            survey=survey, community_id__in=ids
        ).select_related("submitted_by")
    }
    counts = dict(
        Site.objects.filter(kind__in=survey.kinds.all(), community_id__in=ids)
        .values_list("community_id")
        .annotate(n=Count("id"))
        .values_list("community_id", "n")
    )
    rows = []
    for c in communities:
        sub = submissions.get(c.pk)
        if sub is not None:
            late = timezone.localtime(sub.submitted_at).date() > survey.deadline
            state = State.LATE if late else State.ON_TIME
        else:
            state = State.MISSING if today > survey.deadline else State.WAITING
        rows.append(
            StatusRow(c, parents.get(c.path[: -Unit.steplen], ""), state, sub, counts.get(c.pk, 0))
        )
    return SurveyStatus(survey, rows, today)
