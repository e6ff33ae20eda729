from django.utils import translation

from zhengzhi.territory.services import import_grids
from zhengzhi.territory.tests.conftest import BOWTIE, C1, collection, feature


def test_import_problems_are_reported_in_chinese(units, people):
    with translation.override("zh-hans"):
        result = import_grids(
            collection(feature(BOWTIE, code=C1 + "001", name="蝴蝶结"), feature(None, code="1")),
            actor=people["admin"],
        )
        messages = [str(e) for e in result.errors]
    assert messages[0].startswith("第 1 个要素") and "330199001001001" in messages[0]
    assert "几何图形无效" in messages[0]
    assert any("网格编码为 15 位数字" in m for m in messages[1:])


def test_the_map_page_speaks_chinese_by_default(client, people):
    client.force_login(people["handler"])
    body = client.get("/territory/map/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "查询点位归属" in body and "网格地图" in body
