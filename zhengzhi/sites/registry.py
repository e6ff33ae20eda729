"""How the apps above the registry contribute to a site without the registry importing them.

Filled in the contributing app's AppConfig.ready (the ledger now; cases and inspections later):

- a *timeline source* lists what happened at one site for the site page;
- a *contact source* answers which sites were contacted (a problem recorded, a case, an
  inspection) in a period, as a query of site ids, for the coverage table (监管覆盖率);
- a *site action* offers a button on the site page (file a case at this site) to those who may;
- an *offence source* counts, per site, what the watch-list rule counts (repeated problems,
  later cases) in a period, as a query of (site_id, n) rows.

Contact and offence sources answer with lazy querysets so that the registry can use them as
subqueries: coverage over hundreds of thousands of sites stays one SQL statement per source.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import QuerySet


@dataclass(frozen=True)
class TimelineEntry:
    at: dt.datetime
    source: str  # the registry key, e.g. "ledger.problems"
    title: str  # what happened, in the reader's language: "Problem P20261206-0012 reported"
    detail: str = ""
    url: str = ""  # where the reader may follow it, if they may see it; "" otherwise
    status: str = ""  # a short label of the thing's current state


# (site, user) -> entries the user may see, newest first
TimelineSource = Callable[[object, object], list[TimelineEntry]]
# (start, end) -> QuerySet yielding site ids (values_list("site_id", flat=True))
ContactSource = Callable[[dt.datetime, dt.datetime], QuerySet]
# (start, end) -> QuerySet of rows {"site_id": int, "n": int}
OffenceSource = Callable[[dt.datetime, dt.datetime], QuerySet]
# (site, user) -> the button's URL for that user, or "" when they may not
SiteAction = Callable[[object, object], str]


@dataclass(frozen=True)
class Source:
    key: str
    label: object  # lazy translated text: "Problems", "Cases", "Inspections"
    fn: Callable


_timeline: dict[str, Source] = {}
_contacts: dict[str, Source] = {}
_offences: dict[str, Source] = {}
_actions: dict[str, Source] = {}


def register_timeline_source(key: str, label, fn: TimelineSource) -> None:
    _timeline[key] = Source(key, label, fn)


def register_contact_source(key: str, label, fn: ContactSource) -> None:
    _contacts[key] = Source(key, label, fn)


def register_offence_source(key: str, label, fn: OffenceSource) -> None:
    _offences[key] = Source(key, label, fn)


def register_site_action(key: str, label, fn: SiteAction) -> None:
    _actions[key] = Source(key, label, fn)


def site_actions(site, user) -> list[tuple[str, str]]:
    """(label, url) of the buttons the user may use on the site's page."""
    out = []
    for source in _actions.values():
        url = source.fn(site, user)
        if url:
            out.append((str(source.label), url))
    return out


def timeline_sources() -> list[Source]:
    return list(_timeline.values())


def contact_sources() -> list[Source]:
    return list(_contacts.values())


def offence_sources() -> list[Source]:
    return list(_offences.values())
