"""Download names: Chinese in RFC 5987's filename*, with an ASCII filename for old clients."""

import pytest

from zhengzhi.jobs.views import ascii_fallback, attachment_header


@pytest.mark.parametrize(
    ("name", "fallback"),
    [
        ("问题台账-20261206-1111.xlsx", "20261206-1111.xlsx"),
        ("日调度表.docx", "export.docx"),
        ('a "quoted" name.xlsx', "a-quoted-name.xlsx"),
        ("plain-name.xlsx", "plain-name.xlsx"),
    ],
)
def test_ascii_fallback(name, fallback):
    assert ascii_fallback(name) == fallback


def test_a_chinese_name_has_both_forms():
    header = attachment_header("日调度表-东湖 街道-2026-05-20.xlsx", "dispatch-3-2026-05-20.xlsx")
    assert header == (
        'attachment; filename="dispatch-3-2026-05-20.xlsx"; '
        "filename*=UTF-8''%E6%97%A5%E8%B0%83%E5%BA%A6%E8%A1%A8-%E4%B8%9C%E6%B9%96%20"
        "%E8%A1%97%E9%81%93-2026-05-20.xlsx"
    )
    assert attachment_header("plain.xlsx") == 'attachment; filename="plain.xlsx"'
