"""Licence expiry: a licence's state on a day, and the worker's alerts.

A licence is expiring from EXPIRING_WITHIN days before its expiry date, and expired after it.
The worker tells the site's owning unit and the departments that supervise its kind, once per
licence and state: Licence.notified_state remembers the last state told ("" → "expiring" →
"expired"; a licence expired without having been told it was expiring gets one notice). A
renewal (a later expiry date) makes the licence valid again and clears the mark, so its next
expiry is told again.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_noop, ngettext_lazy

from zhengzhi.accounts.models import User
from zhengzhi.audit.services import record
from zhengzhi.core.roles import Role
from zhengzhi.notifications.messages import Message
from zhengzhi.notifications.services import notify
from zhengzhi.sites.models import Licence, LicenceState

EXPIRING_WITHIN = dt.timedelta(days=30)
# Who hears of it in a unit: those who act on its sites.
RECIPIENT_ROLES = (Role.HANDLER, Role.UNIT_LEADER)
LISTED = 30  # licences named in one notice's body; the count says the rest

# Message keeps the English texts as ids; these lazy twins only make makemessages write the
# singular and plural as one catalogue entry, which is what Message looks up.
_CATALOGUE = (
    ngettext_lazy(
        "%(count)d licence expires within 30 days", "%(count)d licences expire within 30 days"
    ),
    ngettext_lazy("%(count)d licence has expired", "%(count)d licences have expired"),
)
SUBJECTS: dict[str, tuple[str, str]] = {
    LicenceState.EXPIRING: (
        gettext_noop("%(count)d licence expires within 30 days"),
        gettext_noop("%(count)d licences expire within 30 days"),
    ),
    LicenceState.EXPIRED: (
        gettext_noop("%(count)d licence has expired"),
        gettext_noop("%(count)d licences have expired"),
    ),
}


def licence_state(expires_on: dt.date | None, today: dt.date) -> str:
    """valid, expiring (within EXPIRING_WITHIN days) or expired (after its expiry date)."""
    if expires_on is None:
        return LicenceState.VALID
    if expires_on < today:
        return LicenceState.EXPIRED
    if expires_on <= today + EXPIRING_WITHIN:
        return LicenceState.EXPIRING
    return LicenceState.VALID


def state_filter(state: str, today: dt.date) -> Q:
    """The condition on Licence (prefix "" ) for a state, for lists and counts."""
    if state == LicenceState.EXPIRED:
        return Q(expires_on__lt=today)
    if state == LicenceState.EXPIRING:
        return Q(expires_on__gte=today, expires_on__lte=today + EXPIRING_WITHIN)
    return Q(expires_on__isnull=True) | Q(expires_on__gt=today + EXPIRING_WITHIN)


@transaction.atomic
def run_alerts(now: dt.datetime | None = None) -> dict:
    """Notifies what is newly expiring or expired and clears the mark of renewed licences.
    Safe to run again: a licence already told of its state is not told twice."""
    today = timezone.localdate(now or timezone.now())
    # Renewed: valid again, or expiring again after it was told it had expired.
    renewed = Licence.objects.exclude(notified_state="").filter(
        state_filter(LicenceState.VALID, today)
    ).update(notified_state="") + Licence.objects.filter(
        state_filter(LicenceState.EXPIRING, today), notified_state=LicenceState.EXPIRED
    ).update(notified_state="")
    # An expired licence told only that it was expiring is told again; never the other way.
    # select_for_update: a second worker waits here and then finds nothing left to tell.
    due = {
        LicenceState.EXPIRING: Licence.objects.filter(
            state_filter(LicenceState.EXPIRING, today), notified_state=""
        ),
        LicenceState.EXPIRED: Licence.objects.filter(
            state_filter(LicenceState.EXPIRED, today)
        ).exclude(notified_state=LicenceState.EXPIRED),
    }
    counts = {"renewed": renewed}
    for state, qs in due.items():
        rows = list(
            qs.select_for_update(of=("self",))
            .select_related("site", "site__kind")
            .order_by("expires_on", "number")
        )
        counts[str(state)] = len(rows)
        if not rows:
            continue
        Licence.objects.filter(pk__in=[r.pk for r in rows]).update(notified_state=state)
        _tell(state, rows)
        record(
            f"sites.licences.{state}",
            object_type="site_registry.licence",
            data={"licences": len(rows)},
            actor_label="worker",
        )
    return counts


def _tell(state: str, licences: list[Licence]) -> None:
    """One notice per user and state, listing that user's licences."""
    kind_ids = {lic.site.kind_id for lic in licences}
    from zhengzhi.sites.models import SiteKind

    departments: dict[int, set[int]] = defaultdict(set)
    for kind_id, unit_id in SiteKind.departments.through.objects.filter(
        sitekind_id__in=kind_ids
    ).values_list("sitekind_id", "unit_id"):
        departments[kind_id].add(unit_id)
    by_unit: dict[int, list[Licence]] = defaultdict(list)
    for lic in licences:
        units = set(departments.get(lic.site.kind_id, ()))
        if lic.site.owner_unit_id is not None:
            units.add(lic.site.owner_unit_id)
        for unit_id in units:
            by_unit[unit_id].append(lic)
    users: dict[int, list[User]] = defaultdict(list)
    for user in User.objects.filter(
        unit_id__in=by_unit, is_active=True, roles__role__in=RECIPIENT_ROLES
    ).distinct():
        if user.unit_id is not None:
            users[user.unit_id].append(user)
    # A user hears once, of every licence of their unit (a unit has no sub-units' users here).
    singular, plural = SUBJECTS[state]
    for unit_id, rows in by_unit.items():
        if not users.get(unit_id):
            continue
        body = "；".join(
            f"{lic.site.name}（{lic.name} {lic.number}，{lic.expires_on:%Y-%m-%d}）"
            for lic in rows[:LISTED]
        )
        if len(rows) > LISTED:
            body += " …"
        notify(
            users[unit_id],
            Message(singular, {"count": len(rows)}, plural=plural, count=len(rows)),
            body,
            url=f"/sites/?licence={state}",
            kind=f"sites.licence.{state}",
            channels=("inbox",),
        )
