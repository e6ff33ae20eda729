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


def test_the_plan_follows_the_share_of_matches(shops, monkeypatch):
    monkeypatch.setattr(search, "SAMPLE", 4)
    monkeypatch.setattr(search, "DENSE_IN", 3)
    assert search._dense("号")  # all four sites
    assert not search._dense("面馆")
    sql = str(search.filter_text(Site.objects.all(), "面馆").query)
    assert "MATCH" in sql or "zz_site_grams" in sql


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
