"""Writing the played lives in bulk: numbered in the order reported, as the services number them."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.utils import timezone
from django.utils.translation import gettext as _

from zhengzhi.ledger.demo.life import Life
from zhengzhi.ledger.models import EventKind, Problem, ProblemEvent, ProblemRequest
from zhengzhi.ledger.services.alerts import insert_alerts
from zhengzhi.ledger.services.numbering import reserve_numbers

BATCH = 1000


def _number(lives: list[Life]) -> None:
    by_year: dict[int, list[Life]] = defaultdict(list)
    for life in lives:
        by_year[timezone.localtime(life.fields["reported_at"]).year].append(life)
    for year, group in sorted(by_year.items()):
        for life, number in zip(group, reserve_numbers(year, len(group)), strict=True):
            life.number = number


def write(lives: list[Life], now: dt.datetime) -> dict[str, int]:
    lives.sort(key=lambda x: x.fields["reported_at"])
    _number(lives)
    problems = []
    for life in lives:
        f = dict(life.fields)
        f["owner_unit_id"] = f.pop("owner_unit").pk if f["owner_unit"] else None
        f["category_id"] = f.pop("category").pk
        problems.append(Problem(number=life.number, **f))
    Problem.objects.bulk_create(problems, batch_size=BATCH)
    pk = {id(life): p.pk for life, p in zip(lives, problems, strict=True)}

    merged = []
    for life, p in zip(lives, problems, strict=True):
        if life.merge_into is not None:
            p.master_id = pk[id(life.merge_into)]
            merged.append(p)
    Problem.objects.bulk_update(merged, ["master"], batch_size=BATCH)

    events, requests, alerts = [], [], []
    for life in lives:
        problem_id = pk[id(life)]
        for e in life.events:
            data, note = dict(e["data"]), e["note"]
            if e["kind"] == EventKind.MERGE:
                data["master"] = life.merge_into.number
            if e["kind"] == EventKind.NOTE and "merged" in data:
                number = data["merged"].number
                data["merged"] = number
                note = _("%(number)s was merged into this problem.") % {"number": number}
            actor = e["actor"]
            events.append(
                ProblemEvent(
                    problem_id=problem_id,
                    kind=e["kind"],
                    at=e["at"],
                    actor=actor,
                    actor_unit_id=actor.unit_id if actor else None,
                    from_status=e["from_status"],
                    to_status=e["to_status"],
                    note=note,
                    data=data,
                )
            )
        requests += [ProblemRequest(problem_id=problem_id, **r) for r in life.requests]
        alerts += [(problem_id, version, kind, at) for version, kind, at in life.alerts]
    ProblemEvent.objects.bulk_create(events, batch_size=BATCH)
    ProblemRequest.objects.bulk_create(requests, batch_size=BATCH)
    insert_alerts(alerts)
    return {"problems": len(problems), "events": len(events), "requests": len(requests)}
