import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from zhengzhi.conftest import make_user
from zhengzhi.core.roles import Role
from zhengzhi.files.services import store_upload
from zhengzhi.ledger.models import Problem
from zhengzhi.ledger.services import moves
from zhengzhi.ledger.tests.conftest import categories, grids, new_problem, staff  # noqa: F401
from zhengzhi.ledger.tests.pages_support import close_checked, dispatched
from zhengzhi.supervision.models import Frequency, Series


def photo(user, colour="red"):
    buf = io.BytesIO()
    Image.new("RGB", (320, 240), colour).save(buf, "JPEG")
    upload = SimpleUploadedFile("p.jpg", buf.getvalue(), content_type="image/jpeg")
    return store_upload(upload, user=user, unit=user.unit)


@pytest.fixture
def leaders(staff, units):  # noqa: F811
    return {
        **staff,
        "c1_leader": make_user("c1_leader", units["c1"], Role.UNIT_LEADER),
        "c2_leader": make_user("c2_leader", units["c2"], Role.UNIT_LEADER),
    }


@pytest.fixture
def series(db):
    return Series.objects.create(
        name="创卫工作简报",
        issuer="某区创建国家卫生城市工作领导小组办公室",
        frequency=Frequency.TENDAY,
        ranking_level="community",
        photos=2,
    )


@pytest.fixture
def facts(new_problem, leaders):  # noqa: F811
    """In c1: one overdue, one closed with before and after photos; in c2: one overdue and
    one fresh (reported, not dispatched)."""
    people = leaders
    overdue = dispatched(new_problem, people)
    other = dispatched(new_problem, people, lon=120.015, by="c2_handler")
    before = photo(people["handler"], "red")
    typical = dispatched(new_problem, people, photo_ids=[before.pk], address="柳岸路8号")
    moves.accept(typical.pk, actor=people["handler"])
    after = photo(people["handler"], "green")
    moves.report_back(typical.pk, actor=people["handler"], note="已清理", photo_ids=[after.pk])
    close_checked(typical.pk, actor=people["inspector"], note="ok")
    fresh = new_problem(lon=120.016, by="c2_handler")
    past = timezone.now() - dt.timedelta(hours=2)
    Problem.objects.filter(pk__in=[overdue.pk, other.pk]).update(due_at=past)
    return {"overdue": overdue, "other": other, "typical": typical, "fresh": fresh}
