"""Fixtures of the follow-up side: the ledger's district, problems closed through the real
moves, and citizens' reports on them (stored as the intake service stores them)."""

import datetime as dt

import pytest
from django.utils import timezone

from zhengzhi.ledger.models import Problem, Source
from zhengzhi.ledger.services import moves
from zhengzhi.ledger.tests.conftest import categories, grids, new_problem, staff  # noqa: F401
from zhengzhi.ledger.tests.pages_support import close_checked
from zhengzhi.public import crypto
from zhengzhi.public.models import Channel, PublicReport

C1 = (120.005, 30.005)
C2 = (120.015, 30.005)


def at(month, day, hour=9):
    return timezone.make_aware(dt.datetime(2026, month, day, hour))


@pytest.fixture
def closed(new_problem, staff):  # noqa: F811
    """A problem taken through the loop to closed (in c1 by default, or c2)."""

    def make(where="c1", source=Source.PUBLIC, closed_at=None, **kw):
        lon, lat = C1 if where == "c1" else C2
        p = new_problem(lon=lon, lat=lat, source=source, **kw)
        handler = staff["handler" if where == "c1" else "c2_handler"]
        moves.register(p.pk, actor=staff["dispatcher"])
        moves.dispatch(p.pk, actor=staff["dispatcher"])
        moves.accept(p.pk, actor=handler)
        moves.report_back(p.pk, actor=handler, note="已清理")
        close_checked(p.pk, actor=staff["inspector"])
        if closed_at is not None:
            Problem.objects.filter(pk=p.pk).update(closed_at=closed_at)
        return Problem.objects.get(pk=p.pk)

    return make


@pytest.fixture
def report_on():
    """A citizen's report on a problem, identity encrypted and masked as intake keeps it."""

    def make(problem, name="张三", phone="13812341234", rating="", rated_at=None, **kw):
        return PublicReport.objects.create(
            problem=problem,
            channel=kw.pop("channel", Channel.WEB),
            submitted_at=kw.pop("submitted_at", problem.reported_at),
            name_enc=crypto.encrypt(name),
            phone_enc=crypto.encrypt(phone),
            name_masked=crypto.mask_name(name),
            phone_masked=crypto.mask_phone(phone),
            has_contact=bool(phone),
            rating=rating,
            rated_at=rated_at or (timezone.now() if rating else None),
            **kw,
        )

    return make
