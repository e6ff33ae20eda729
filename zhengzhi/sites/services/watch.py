"""The watch list's rule and proposals (屡次不整改的责任商户).

The office edits one rule (WatchRule): at least `min_count` entries of the chosen offence
sources (zhengzhi.sites.registry: problems now, cases later) within `period_days`. The worker
proposes the sites that meet it; the office confirms (the site goes on the watch list with the
reason "N problems in D days") or dismisses. A site is not proposed while it is on the list or
has a pending proposal, nor again within the rule's period after a dismissal.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from zhengzhi.audit.services import record
from zhengzhi.core.roles import Role
from zhengzhi.org.scope import scope_for
from zhengzhi.sites import registry
from zhengzhi.sites.models import Site, SiteStatus, WatchProposal, WatchRule
from zhengzhi.sites.services.errors import SiteError
from zhengzhi.sites.services.sites import set_watch

MAX_PERIOD_DAYS = 3660
Decision = WatchProposal.Decision


def can_manage_watch(user) -> bool:
    """The office: its administrators and dispatchers, who see and change every site."""
    scope = scope_for(user)
    return scope.all_units and scope.can_write and user.has_role(Role.OFFICE_ADMIN, Role.DISPATCHER)


def get_rule() -> WatchRule:
    rule = WatchRule.objects.order_by("pk").first()
    return rule if rule is not None else WatchRule.objects.create()


@transaction.atomic
def update_rule(
    actor, *, period_days: int, min_count: int, sources: list[str], request=None
) -> WatchRule:
    if not 1 <= period_days <= MAX_PERIOD_DAYS:
        raise SiteError(
            _("The period must be between 1 and %(max)d days.") % {"max": MAX_PERIOD_DAYS},
            "period_days",
        )
    if min_count < 1:
        raise SiteError(_("The minimum count must be at least 1."), "min_count")
    known = {s.key for s in registry.offence_sources()}
    unknown = [s for s in sources if s not in known]
    if unknown:
        raise SiteError(
            _("Unknown source: %(sources)s.") % {"sources": ", ".join(unknown)}, "sources"
        )
    rule = get_rule()
    before = {"period_days": rule.period_days, "min_count": rule.min_count, "sources": rule.sources}
    rule.period_days, rule.min_count, rule.sources = period_days, min_count, sorted(set(sources))
    rule.save()
    after = {"period_days": rule.period_days, "min_count": rule.min_count, "sources": rule.sources}
    record(
        "sites.watch.rule",
        actor=actor,
        obj=rule,
        data={"from": before, "to": after},
        request=request,
    )
    return rule


def offence_counts(rule: WatchRule, start: dt.datetime, end: dt.datetime) -> Counter:
    """{site_id: entries} over the rule's sources (all registered ones when it names none)."""
    chosen = set(rule.sources)
    counts: Counter = Counter()
    for source in registry.offence_sources():
        if chosen and source.key not in chosen:
            continue
        for row in source.fn(start, end):
            counts[row["site_id"]] += row["n"]
    return counts


@transaction.atomic
def propose(now: dt.datetime | None = None) -> dict:
    """Creates the pending proposals the rule calls for. Safe to run again."""
    now = now or timezone.now()
    rule = get_rule()
    start = now - dt.timedelta(days=rule.period_days)
    counts = offence_counts(rule, start, now)
    over = {site_id: n for site_id, n in counts.items() if n >= rule.min_count}
    if not over:
        return {"proposed": 0}
    eligible = set(
        Site.objects.filter(
            pk__in=list(over),
            watch=False,
            status__in=(SiteStatus.OPEN, SiteStatus.SUSPENDED),
        ).values_list("pk", flat=True)
    )
    held = set(
        WatchProposal.objects.filter(site_id__in=eligible, decision=Decision.PENDING).values_list(
            "site_id", flat=True
        )
    )
    dismissed = set(
        WatchProposal.objects.filter(
            site_id__in=eligible, decision=Decision.DISMISSED, decided_at__gte=start
        ).values_list("site_id", flat=True)
    )
    new = [
        WatchProposal(
            site_id=site_id, proposed_at=now, count=over[site_id], period_days=rule.period_days
        )
        for site_id in sorted(eligible - held - dismissed)
    ]
    # ignore_conflicts: a second worker's proposal for the same site (one pending per site).
    WatchProposal.objects.bulk_create(new, ignore_conflicts=True)
    if new:
        record(
            "sites.watch.proposed",
            object_type="site_registry.watchproposal",
            data={"sites": len(new), "rule": f"{rule.min_count}/{rule.period_days}"},
            actor_label="worker",
        )
    return {"proposed": len(new)}


def reason_text(count: int, days: int) -> str:
    return ngettext(
        "%(count)d problem in %(days)d days", "%(count)d problems in %(days)d days", count
    ) % {"count": count, "days": days}


def _pending(proposal_id: int) -> WatchProposal:
    proposal = (
        WatchProposal.objects.select_for_update()
        .filter(pk=proposal_id, decision=Decision.PENDING)
        .first()
    )
    if proposal is None:
        raise SiteError(_("This proposal has already been decided."), "decided")
    return proposal


@transaction.atomic
def confirm(actor, proposal_id: int, request=None, now: dt.datetime | None = None) -> WatchProposal:
    if not can_manage_watch(actor):
        raise SiteError(_("Only the office decides on the watch list."), "forbidden")
    proposal = _pending(proposal_id)
    set_watch(
        actor,
        proposal.site_id,
        version=None,
        watch=True,
        reason=reason_text(proposal.count, proposal.period_days),
        request=request,
    )
    return _decide(actor, proposal, Decision.CONFIRMED, request, now)


@transaction.atomic
def dismiss(actor, proposal_id: int, request=None, now: dt.datetime | None = None) -> WatchProposal:
    if not can_manage_watch(actor):
        raise SiteError(_("Only the office decides on the watch list."), "forbidden")
    return _decide(actor, _pending(proposal_id), Decision.DISMISSED, request, now)


def _decide(
    actor, proposal: WatchProposal, decision: str, request, now: dt.datetime | None = None
) -> WatchProposal:
    proposal.decision = decision
    proposal.decided_by = actor
    # When decided: a dismissal keeps the site off the proposals for a period from then.
    proposal.decided_at = now or timezone.now()
    proposal.save(update_fields=["decision", "decided_by", "decided_at"])
    record(
        f"sites.watch.{decision}",
        actor=actor,
        obj=proposal,
        object_repr=str(proposal.site),
        data={"site": proposal.site_id, "count": proposal.count},
        request=request,
    )
    return proposal
