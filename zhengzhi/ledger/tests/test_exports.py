"""The ledger as an Excel sheet: its columns and rows, batches without N+1, scope."""

import datetime as dt

import pytest
from django.utils import timezone

from zhengzhi.ledger import exports
from zhengzhi.ledger.exports import HEADERS, iter_batches, write_ledger_xlsx
from zhengzhi.ledger.models import Problem
from zhengzhi.ledger.selectors import filter_problems
from zhengzhi.ledger.tests.exports_support import build_ledger, local, read_sheet

pytestmark = pytest.mark.django_db


@pytest.fixture
def ledger(new_problem, staff, units):
    return build_ledger(new_problem, staff, units)


def _by_number(rows):
    return {r["编号"]: r for r in rows}


def test_the_sheet_has_the_office_columns_and_a_row_per_problem(ledger, tmp_path, units):
    path = tmp_path / "ledger.xlsx"
    assert write_ledger_xlsx(Problem.objects.all(), path) == len(ledger)
    headers, rows = read_sheet(path)
    assert headers == HEADERS
    for needed in ("编号", "来源", "大类", "小类", "问题描述", "地址", "网格", "社区", "街道"):
        assert needed in headers
    for needed in ("责任单位", "配合部门", "状态", "上报时间", "立案时间", "派遣时间"):
        assert needed in headers
    for needed in ("处置时限", "反馈时间", "结案时间", "是否按期", "退回次数", "延期次数"):
        assert needed in headers
    assert "返工次数" in headers and "反弹次数" in headers
    assert len(rows) == len(ledger)
    # newest first
    assert [r["编号"] for r in rows] == list(
        Problem.objects.order_by("-reported_at", "-id").values_list("number", flat=True)
    )
    closed = ledger["closed"]
    row = _by_number(rows)[closed.number]
    assert row["来源"] == "网格巡查"
    assert (row["大类"], row["小类"], row["类别编码"]) == ("街面秩序", "占道经营", "0401")
    assert row["问题描述"] == "占道经营 & <夜市>"  # escaped in the XML, intact in the cell
    assert row["地址"] == "柳岸路12号"
    assert (row["经度"], row["纬度"]) == (120.005, 30.005)
    assert row["网格"] == "柳岸1" and row["网格编码"] == closed.grid.code
    assert (row["社区"], row["街道"]) == ("柳岸社区", "东湖街道")
    assert (row["责任单位"], row["配合部门"]) == ("柳岸社区", "城管执法局")
    assert row["状态"] == "已结案" and row["优先级"] == "一般"
    assert row["上报时间"] == local(closed.reported_at)
    assert row["派遣时间"] == local(closed.dispatched_at)
    assert row["处置时限"] == local(closed.due_at)
    assert row["结案时间"] == local(closed.closed_at)
    assert row["是否按期"] == "是" and row["是否超期"] == "否"
    assert row["退回次数"] == 0 and row["上报次数"] == 1
    assert row["上报人"] == "handler"
    reopened = _by_number(rows)[ledger["reopened"].number]
    assert (reopened["状态"], reopened["返工次数"], reopened["反弹次数"]) == ("已派遣", 1, 1)
    assert reopened["结案时间"] is None and reopened["是否按期"] is None
    deferred = _by_number(rows)[ledger["deferred"].number]
    assert deferred["状态"] == "挂账"
    assert deferred["挂账至"].date() == ledger["deferred"].deferred_until
    rejected = _by_number(rows)[ledger["rejected"].number]
    assert rejected["不予立案原因"] == "非城市管理问题" and rejected["派遣时间"] is None
    loose = _by_number(rows)[ledger["address_only"].number]
    assert loose["经度"] is None and loose["网格"] is None and loose["责任单位"] is None


def test_an_overdue_problem_is_marked(ledger, tmp_path):
    late = ledger["dispatched"]
    Problem.objects.filter(pk=late.pk).update(due_at=timezone.now() - dt.timedelta(hours=2))
    write_ledger_xlsx(Problem.objects.all(), tmp_path / "x.xlsx")
    rows = _by_number(read_sheet(tmp_path / "x.xlsx")[1])
    assert rows[late.number]["是否超期"] == "是"
    assert rows[ledger["accepted"].number]["是否超期"] == "否"


def test_text_a_chat_app_pasted_still_makes_a_readable_file(new_problem, tmp_path):
    new_problem(description="=SUM(A1)\x01 违规\x0b摆摊 ")
    write_ledger_xlsx(Problem.objects.all(), tmp_path / "x.xlsx")
    row = read_sheet(tmp_path / "x.xlsx")[1][0]
    assert row["问题描述"] == "=SUM(A1) 违规摆摊"  # a string, never a formula; XML-illegal gone


def test_an_empty_ledger_gives_the_headers_alone(db, tmp_path, categories):
    assert write_ledger_xlsx(Problem.objects.all(), tmp_path / "x.xlsx") == 0
    headers, rows = read_sheet(tmp_path / "x.xlsx")
    assert headers == HEADERS and rows == []


def test_batches_cover_every_row_once_even_with_equal_times(new_problem, tmp_path):
    made = [new_problem(description=f"问题{i}") for i in range(7)]
    same = timezone.now() - dt.timedelta(days=1)
    Problem.objects.filter(pk__in=[p.pk for p in made[1:6]]).update(reported_at=same)
    batches = list(iter_batches(Problem.objects.all(), size=2))
    ids = [row[0] for batch in batches for row in batch]
    assert sorted(ids) == sorted(p.pk for p in made) and len(ids) == len(set(ids))
    assert [len(b) for b in batches] == [2, 2, 2, 1]


def test_the_queries_do_not_grow_with_the_rows(
    new_problem, tmp_path, monkeypatch, django_assert_max_num_queries
):
    monkeypatch.setattr(exports, "BATCH", 5)
    for i in range(15):
        new_problem(description=f"问题{i}", lon=120.005 + (i % 2) * 0.01)
    # 3 full batches + the empty probe; per batch at most the rows and 4 name lookups; and
    # the categories once. Per-row lookups would be 15 or more.
    with django_assert_max_num_queries(4 * 5 + 1):
        assert write_ledger_xlsx(Problem.objects.all(), tmp_path / "x.xlsx") == 15


def test_progress_is_reported_after_each_batch(new_problem, tmp_path, monkeypatch):
    monkeypatch.setattr(exports, "BATCH", 4)
    for i in range(10):
        new_problem(description=f"问题{i}")
    calls = []
    write_ledger_xlsx(
        Problem.objects.all(), tmp_path / "x.xlsx", progress=lambda d, t: calls.append((d, t))
    )
    assert calls == [(4, 10), (8, 10), (10, 10)]


def test_a_unit_exports_only_its_own_problems(ledger, staff, tmp_path):
    theirs = {ledger["other_community"].number}
    path = tmp_path / "c2.xlsx"
    write_ledger_xlsx(filter_problems(staff["c2_handler"], {}), path)
    assert {r["编号"] for r in read_sheet(path)[1]} == theirs
    path = tmp_path / "other.xlsx"
    assert write_ledger_xlsx(filter_problems(staff["other_handler"], {}), path) == 0
    # the street sees both of its communities; the office everything
    path = tmp_path / "street.xlsx"
    write_ledger_xlsx(filter_problems(staff["street_leader"], {}), path)
    numbers = {r["编号"] for r in read_sheet(path)[1]}
    assert theirs <= numbers and ledger["closed"].number in numbers
    assert ledger["address_only"].number not in numbers  # owned by nobody yet


def test_the_export_uses_the_list_filters(ledger, staff, tmp_path):
    path = tmp_path / "closed.xlsx"
    write_ledger_xlsx(filter_problems(staff["admin"], {"status": "closed"}), path)
    assert [r["编号"] for r in read_sheet(path)[1]] == [ledger["closed"].number]
    path = tmp_path / "cat.xlsx"
    write_ledger_xlsx(filter_problems(staff["admin"], {"category": "05"}), path)
    assert [r["编号"] for r in read_sheet(path)[1]] == [ledger["deferred"].number]


def test_the_file_appears_whole_or_not_at_all(new_problem, tmp_path, monkeypatch):
    new_problem()

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(exports, "sheet_rows", broken)
    with pytest.raises(RuntimeError):
        write_ledger_xlsx(Problem.objects.all(), tmp_path / "x.xlsx")
    assert list(tmp_path.iterdir()) == []


def test_the_fast_read_gives_what_the_orm_gives(ledger):
    qs = exports.export_values(Problem.objects.all())
    fast = exports._fetch(qs[:100])
    assert fast == list(qs[:100]) and len(fast) == len(ledger)
    assert all(row[exports._AT].tzinfo is not None for row in fast)
    assert exports._fetch(qs.none()) == []
