import io

import pytest
from django.core.management import CommandError, call_command
from django.utils.html import escape
from openpyxl import load_workbook

from zhengzhi.accounts.importing import import_users
from zhengzhi.accounts.models import User
from zhengzhi.accounts.tests.helpers import fresh
from zhengzhi.audit.models import AuditEvent
from zhengzhi.core.roles import Role
from zhengzhi.org.tests.helpers import xlsx

pytestmark = pytest.mark.django_db

HEADERS = ["用户名", "姓名", "手机", "单位编码", "角色", "邮箱", "初始密码"]


def test_template_has_the_chinese_headers(client, people):
    client.force_login(people["admin"])
    response = client.get("/accounts/users/import/template.xlsx")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    assert [c.value for c in book.worksheets[0][1]] == HEADERS
    assert "受理派遣" in str([c.value for c in book.worksheets[1]["A"]])


def test_a_good_file_creates_and_updates_users(people, units):
    upload = xlsx(
        HEADERS,
        [
            ["gw01", "王丽华", 13900000101, "liuan", "处置、核查员", "", ""],
            ["gw02", "杨建军", "", "taoyuan", "handler,inspector", "y@example.com", "Qz7!given-pw"],
            ["gw03", "黄小梅", "", "donghu", "单位负责人", "", ""],
            ["handler", "周婷婷", "13900000007", "taoyuan", "Unit handler", "", "ignored"],
        ],
    )
    result = import_users(upload, actor=people["admin"])
    assert result.ok, result.errors
    assert result.created == ["gw01", "gw02", "gw03"] and result.updated == ["handler"]
    gw01 = User.objects.get(username="gw01")
    assert gw01.role_set == {Role.HANDLER, Role.INSPECTOR} and gw01.phone == "13900000101"
    assert gw01.must_change_password
    assert User.objects.get(username="gw02").check_password("Qz7!given-pw")
    assert User.objects.get(username="gw03").role_set == {Role.UNIT_LEADER}
    generated = dict(result.passwords)
    assert set(generated) == {"gw01", "gw03"}
    assert gw01.check_password(generated["gw01"])
    handler = fresh(people["handler"])
    assert handler.full_name == "周婷婷" and handler.unit == units["c2"]
    assert handler.check_password("Zz-test-Passw0rd!")  # the password column is for new users
    event = AuditEvent.objects.get(action="org.import")
    assert event.data["kind"] == "users" and event.data["updated"] == ["handler"]
    assert "Qz7!given-pw" not in str(event.data)


def test_bad_rows_import_nothing_and_each_is_named(people, units):
    before = User.objects.count()
    upload = xlsx(
        HEADERS,
        [
            ["ok1", "好人", "", "liuan", "处置", "", ""],  # row 2 fine
            ["ok1", "重复", "", "liuan", "处置", "", ""],  # row 3 duplicate in file
            ["u4", "未知单位", "", "nowhere", "处置", "", ""],  # row 4
            ["u5", "未知角色", "", "liuan", "处置、国王", "", ""],  # row 5
            ["u6", "弱密码", "", "liuan", "处置", "", "123456"],  # row 6
            ["u7", "坏邮箱", "", "liuan", "处置", "not-mail", ""],  # row 7
            ["bad name!", "坏用户名", "", "liuan", "处置", "", ""],  # row 8
            ["u9", "", "", "liuan", "", "", ""],  # row 9: name and roles missing
        ],
    )
    result = import_users(upload, actor=people["admin"])
    assert not result.ok
    assert User.objects.count() == before
    by_row = {}
    for error in result.errors:
        by_row.setdefault(error.row, []).append(error)
    assert set(by_row) == {3, 4, 5, 6, 7, 8, 9}
    assert "2" in by_row[3][0].message and by_row[3][0].column == "用户名"
    assert by_row[4][0].column == "单位编码" and "nowhere" in by_row[4][0].message
    assert by_row[5][0].column == "角色" and "国王" in by_row[5][0].message
    assert {e.column for e in by_row[6]} == {"初始密码"}
    assert by_row[7][0].column == "邮箱"
    assert by_row[8][0].column == "用户名"
    assert {e.column for e in by_row[9]} == {"姓名", "角色"}
    assert result.passwords == []


def test_deactivated_unit_is_refused(people, units):
    units["c2"].is_active = False
    units["c2"].save()
    result = import_users(xlsx(HEADERS, [["x", "X", "", "taoyuan", "处置", "", ""]]),
                          actor=people["admin"])  # fmt: skip
    assert not result.ok and result.errors[0].column == "单位编码"


def test_the_last_office_admin_cannot_be_demoted_by_import(people):
    result = import_users(
        xlsx(HEADERS, [["admin", "管理员", "", "office", "受理派遣", "", ""]]),
        actor=people["admin"],
    )
    assert not result.ok and result.errors[0].column == "角色"
    assert fresh(people["admin"]).has_role(Role.OFFICE_ADMIN)


def test_import_page_lists_errors_and_temporary_passwords(client, people, units):
    client.force_login(people["admin"])
    bad = xlsx(HEADERS, [["x", "X", "", "liuan", "国王", "", ""]])
    response = client.post("/accounts/users/import/", {"file": bad})
    assert response.status_code == 422 and "国王" in response.content.decode()
    good = xlsx(HEADERS, [["x", "X", "", "liuan", "处置", "", ""]])
    response = client.post("/accounts/users/import/", {"file": good})
    assert response.status_code == 200
    ((username, password),) = response.context["result"].passwords
    assert escape(password) in response.content.decode()
    assert User.objects.get(username="x").check_password(password)


@pytest.mark.parametrize("who", ["leader", "street_leader"])
def test_only_the_office_admin_imports_users(client, people, who):
    client.force_login(people[who])
    upload = xlsx(HEADERS, [["x", "X", "", "liuan", "处置", "", ""]])
    assert client.post("/accounts/users/import/", {"file": upload}).status_code == 404
    assert not User.objects.filter(username="x").exists()


def test_management_command_imports_users(tmp_path, people, capsys):
    path = tmp_path / "users.xlsx"
    path.write_bytes(xlsx(HEADERS, [["x", "X", "", "liuan", "处置", "", ""]]).getvalue())
    call_command("import_org", str(path), "--kind", "users")
    assert "temporary password for x" in capsys.readouterr().out
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(xlsx(HEADERS, [["y", "Y", "", "nowhere", "处置", "", ""]]).getvalue())
    with pytest.raises(CommandError):
        call_command("import_org", str(bad), "--kind", "users")
    assert not User.objects.filter(username="y").exists()


def test_each_imported_user_is_audited_with_its_changes(people, units):
    upload = xlsx(
        HEADERS,
        [
            ["gw01", "王丽华", "", "liuan", "处置", "", ""],
            ["handler", "周婷婷", "", "taoyuan", "Unit handler", "", ""],
            ["dispatcher", "dispatcher", "", "office", "受理派遣", "", ""],
        ],
    )
    result = import_users(upload, actor=people["admin"])
    assert result.ok, result.errors
    created = AuditEvent.objects.get(action="user.create", object_repr="王丽华")
    assert created.data["roles"] == ["handler"] and created.data["unit"] == "liuan"
    assert created.actor_id == people["admin"].pk
    updated = AuditEvent.objects.get(action="user.update", object_id=str(people["handler"].pk))
    assert updated.data["full_name"] == ["handler", "周婷婷"]
    assert updated.data["unit"] == ["柳岸社区", "桃园社区"]
    assert not AuditEvent.objects.filter(
        action="user.update", object_id=str(people["dispatcher"].pk)
    ).exists()  # unchanged
    assert AuditEvent.objects.filter(action="org.import").count() == 1
