"""The audit log names its actions in the reader's language; an unknown action shows its code."""

import re

import pytest
from django.utils import translation

from zhengzhi.audit.names import action_name, registered
from zhengzhi.audit.services import record

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("action", "en", "zh"),
    [
        ("login.success", "Signed in", "登录成功"),
        ("password.change", "Password changed", "修改密码"),
        ("problem.dispatch", "Problem: Dispatched", "问题：已派遣"),
        ("campaign.report.submit", "Progress reported", "报送进度"),
        ("campaign.sheet.export.download", "Dispatch sheet exported: downloaded", None),
        ("no.such.action", "no.such.action", "no.such.action"),
    ],
)
def test_names_in_each_language(action, en, zh):
    with translation.override("en"):
        assert action_name(action) == en
    if zh:
        with translation.override("zh-hans"):
            assert action_name(action) == zh


def test_every_action_the_code_records_has_a_name():
    """Every literal action passed to record()/_audit() in the code is named (a new action
    without a name fails here)."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    pattern = re.compile(r"(?:record|_audit)\(\s*\"([a-z0-9_]+(?:\.[a-z0-9_]+)+)\"")
    found = set()
    for path in root.rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        found |= set(pattern.findall(path.read_text(encoding="utf-8")))
    assert len(found) > 40
    assert found - set(registered()) == set()


def test_the_list_and_the_event_show_names(client, people):
    record("login.success", actor=people["admin"])
    record("custom.thing", actor=people["admin"])
    client.cookies["django_language"] = "en"
    client.force_login(people["admin"])
    html = client.get("/audit/").content.decode()
    assert '<span title="login.success">Signed in</span>' in html
    assert '<span title="custom.thing">custom.thing</span>' in html
    client.cookies["django_language"] = "zh-hant"
    html = client.get("/audit/").content.decode()
    assert '<span title="login.success">登錄成功</span>' in html


def test_object_types_are_named_by_their_model():
    from zhengzhi.audit.names import object_type_name

    with translation.override("en"):
        assert object_type_name("campaigns.progressreport") == "Progress report"
        assert object_type_name("core.demo") == "core.demo"  # no such model
        assert object_type_name("") == ""
    with translation.override("zh-hans"):
        assert object_type_name("accounts.user") == "用户"
