"""The small readers and maskers the endpoints rely on."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client

from zhengzhi.open311.formats import Open311Error, to_json, to_xml
from zhengzhi.open311.params import full_name, w3c_datetime
from zhengzhi.open311.selectors import mask_personal
from zhengzhi.public.models import ExtraQuestion


@pytest.mark.parametrize(
    "first,last,name",
    [
        ("张三", "", "张三"),
        ("三", "张", "张三"),
        ("John", "Smith", "John Smith"),
        ("", "王", "王"),
        (" ", " ", ""),
        ("Li", "Wei", "Li Wei"),
    ],
)
def test_full_name(first, last, name):
    assert full_name(first, last) == name


def test_mask_personal():
    text = "电话 138 1234 5678 或 13912345678，身份证 33010219900101123X，邮件 a.b@example.com，门牌 12号"
    masked = mask_personal(text)
    assert "138****5678" in masked and "139****5678" in masked
    assert "330102********123X" in masked
    assert "***@example.com" in masked and "a.b@" not in masked
    assert "门牌 12号" in masked
    assert mask_personal("2026-000123 号问题，编号 20260501") == "2026-000123 号问题，编号 20260501"


@pytest.mark.parametrize(
    "value,expected",
    [
        ("2010-01-01T00:00:00Z", dt.datetime(2010, 1, 1, tzinfo=dt.UTC)),
        ("1994-11-05T08:15:30-05:00", dt.datetime(1994, 11, 5, 13, 15, 30, tzinfo=dt.UTC)),
        ("2026-05-01", dt.datetime(2026, 4, 30, 16, 0, tzinfo=dt.UTC)),  # Asia/Shanghai
    ],
)
def test_w3c_datetimes(value, expected):
    assert w3c_datetime(value, "start_date") == expected


@pytest.mark.parametrize("value", ["", "soon", "2026-02-30T00:00:00Z", "10000-01-01", "0001-01-01"])
def test_bad_w3c_datetimes(value):
    with pytest.raises(Open311Error) as exc:
        w3c_datetime(value, "end_date")
    assert exc.value.status == 400 and "end_date" in exc.value.errors[0][1]


def test_xml_and_json_shapes():
    data = [{"a": True, "b": None, "c": 1.5, "values": [{"key": "k", "name": "名"}]}]
    xml = to_xml(data, "root", "item").decode()
    assert xml == (
        '<?xml version="1.0" encoding="utf-8"?>\n<root><item><a>true</a><b /><c>1.5</c>'
        "<values><value><key>k</key><name>名</name></value></values></item></root>\n"
    )
    assert (
        to_json(data).decode() == '[{"a":true,"b":null,"c":1.5,"values":[{"key":"k","name":"名"}]}]'
    )
    assert "&lt;script&gt;" in to_xml([{"a": "<script>"}], "r", "i").decode()


@pytest.mark.django_db
def test_the_load_command(categories):
    out = StringIO()
    call_command("load_open311_attributes", stdout=out)
    assert ExtraQuestion.objects.count() >= 10
    assert "questions added" in out.getvalue()


@pytest.mark.django_db
def test_errors_speak_chinese_by_default(categories):
    response = Client().post("/open311/v2/requests.json", {"service_code": "0101"})
    assert response.status_code == 403
    assert response.json()[0]["description"] == "api_key 无效，无法提交诉求。"
    assert response["Content-Language"] == "zh-hans"
