"""The text search (search.filter_text): every path, on the database the tests run on (run
once with DATABASE_URL pointing at PostgreSQL as well)."""

import pytest

from zhengzhi.sites import search
from zhengzhi.sites.models import Site
from zhengzhi.sites.scope import visible_sites
from zhengzhi.sites.tests.helpers_coverage import make_site

pytestmark = pytest.mark.django_db


@pytest.fixture
def shops(units):
    c1, c2 = units["c1"], units["c2"]
    return {
        "bianli": make_site(
            "王记便利店", owner=c1, operator="王建国", address="解放路12号",
            credit_code="91330199MA2B3C4D5E", licences=[("JY13301990001234", None)],
        ),
        "mian": make_site("李氏牛肉面馆", owner=c1, operator="李秀英", address="和平路3号"),
        "chaoshi": make_site(
            "鑫淼超市", owner=c2, operator="张三", address="人民大道88号",
            licences=[("JY13301990009999", None)],
        ),
        "ktv": make_site("Star KTV 歌厅", owner=c2, operator="Tom", address="文化路1号"),
    }  # fmt: skip


def names(qs):
    return sorted(qs.values_list("name", flat=True))


def find(text, qs=None):
    return names(search.filter_text(qs if qs is not None else Site.objects.all(), text))


@pytest.fixture(params=["indexed", "scan"])
def plan(request, monkeypatch):
    """Each query both ways: by the index, and as the scan used when many sites match."""
    # PROBE 0: every lookup that finds a site has "many" (text: the scan; codes: subqueries).
    monkeypatch.setattr(search, "PROBE", 0 if request.param == "scan" else 10**9)
    monkeypatch.setattr(search, "DENSE_IN", 0 if request.param == "scan" else 10**9)
    return request.param


def test_one_character(shops, plan):
    assert find("淼") == ["鑫淼超市"]
    assert find("店") == ["王记便利店"]
    # The last character of the text (the address) is found too.
    assert find("号") == ["Star KTV 歌厅", "李氏牛肉面馆", "王记便利店", "鑫淼超市"]
    assert find("鑫") == ["鑫淼超市"]
    assert find("龘") == []


def test_two_characters(shops, plan):
    assert find("便利") == ["王记便利店"]
    assert find("面馆") == ["李氏牛肉面馆"]
    assert find("超市") == ["鑫淼超市"]
    assert find("秀英") == ["李氏牛肉面馆"]  # the operator
    assert find("2号") == ["王记便利店"]  # at the very end of the text
    assert find("馆王") == []  # across two sites: nothing


def test_three_characters_or_more(shops, plan):
    assert find("便利店") == ["王记便利店"]
    assert find("牛肉面") == ["李氏牛肉面馆"]
    assert find("人民大道") == ["鑫淼超市"]  # the address
    assert find("王记便利店") == ["王记便利店"]
    assert find("便利面") == []


def test_latin_and_digits(shops, plan):
    assert find("ktv") == ["Star KTV 歌厅"]  # any case
    assert find("Star KTV") == ["Star KTV 歌厅"]
    assert find("88") == ["鑫淼超市"]
    assert find("tom") == ["Star KTV 歌厅"]


def test_licence_and_credit_code(shops, plan):
    assert find("JY13301990009999") == ["鑫淼超市"]  # exact
    assert find("JY1330199000") == ["王记便利店", "鑫淼超市"]  # prefix
    assert find("jy133019900012") == ["王记便利店"]  # typed in lower case
    assert find("91330199MA2B3C4D5E") == ["王记便利店"]
    assert find("91330199MA") == ["王记便利店"]
    assert find(shops["mian"].code) == ["李氏牛肉面馆"]


def test_scope_and_other_filters_still_apply(shops, people, plan):
    handler = people["handler"]  # 柳岸社区: the two shops of c1
    assert find("号", visible_sites(handler)) == ["李氏牛肉面馆", "王记便利店"]
    assert find("超市", visible_sites(handler)) == []
    assert find("JY1330199000", visible_sites(handler)) == ["王记便利店"]
    qs = search.filter_text(visible_sites(handler).filter(name__startswith="李"), "号")
    assert names(qs) == ["李氏牛肉面馆"]
    # A queryset: ordered, sliced, counted like any other.
    assert search.filter_text(Site.objects.all(), "号").order_by("-code")[:2].count() == 2


def scans(text):
    sql = str(search.filter_text(Site.objects.all(), text).query)
    return "LIKE" in sql.upper() and not any(
        index in sql for index in ("MATCH", "instances", "zz_site_grams", "json_each", "ANY")
    )


def test_a_text_common_in_the_sample_is_scanned_at_once(shops, monkeypatch):
    monkeypatch.setattr(search, "FEW", 1)  # more than one match: the sample is read
    monkeypatch.setattr(search, "SAMPLE", 4)
    monkeypatch.setattr(search, "DENSE_IN", 3)
    assert scans("号")  # in all four sites of the sample
    assert scans("路")
    assert not scans("面馆")  # one site: its id
    # Two sites (12号, 1号): more than FEW, fewer than DENSE_IN in the sample: the index.
    assert not scans("1")
    assert find("1") == ["Star KTV 歌厅", "王记便利店"]
    assert names(search.filter_text(Site.objects.all(), "号")) == [
        "Star KTV 歌厅", "李氏牛肉面馆", "王记便利店", "鑫淼超市"
    ]  # fmt: skip
    # Identifiers still found beside the scan, by their own lookups.
    assert find("JY13301990009999") == ["鑫淼超市"]


def test_the_plan_follows_the_number_of_matches(shops, monkeypatch):
    monkeypatch.setattr(search, "DENSE_IN", 10**9)
    monkeypatch.setattr(search, "PROBE", 3)
    # Four sites hold 号: more than PROBE, so the scan in the list's order.
    assert scans("号")
    # One site: its id, read by primary key.
    qs = search.filter_text(Site.objects.all(), "面馆")
    assert "LIKE" not in str(qs.query).upper()
    assert names(qs) == ["李氏牛肉面馆"]
    # A code prefix with more matches than PROBE stays a subquery on its index.
    more = [
        make_site(f"新店{i}", owner=shops["mian"].owner_unit, licences=[(f"JY1330199111{i}", None)])
        for i in range(4)
    ]
    qs = search.filter_text(Site.objects.all(), "JY1330199111")
    assert "site_registry_licence" in str(qs.query)
    assert names(qs) == sorted(s.name for s in more)


# One statement on both databases: PostgreSQL reads its sample in the same one (see search.py).
PROBES = 1


def test_one_statement_decides_the_plan(shops, django_assert_num_queries):
    with django_assert_num_queries(PROBES):  # the sites are read when evaluated
        qs = search.filter_text(Site.objects.all(), "JY1330199000")
    with django_assert_num_queries(1):
        assert names(qs) == ["王记便利店", "鑫淼超市"]


def test_nothing_found_reads_no_sites(shops, django_assert_num_queries):
    with django_assert_num_queries(PROBES):
        assert list(search.filter_text(Site.objects.all(), "龘")) == []


def test_blank_text_is_no_filter(shops):
    assert len(find("  ")) == 4


def test_the_index_follows_changes(shops, plan):
    site = shops["mian"]
    site.name, site.search_text = "李氏米粉店", "李氏米粉店 李秀英 和平路3号"
    site.save()
    assert find("面馆") == []
    assert find("米粉") == ["李氏米粉店"]
    assert find("米粉店") == ["李氏米粉店"]
    site.delete()
    assert find("米粉") == []
    assert find("米粉店") == []
