import io

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from zhengzhi.audit.models import AuditEvent
from zhengzhi.org.importing.units import import_units
from zhengzhi.org.models import Unit
from zhengzhi.org.tests.helpers import xlsx

pytestmark = pytest.mark.django_db

HEADERS = ["编码", "名称", "类型", "层级", "上级编码", "区划代码", "电话", "地址"]


def test_template_has_the_chinese_headers(client, people):
    client.force_login(people["admin"])
    response = client.get("/org/units/import/template.xlsx")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    assert [c.value for c in sheet[1]] == HEADERS


def test_a_good_file_imports_a_tree(units, people):
    upload = xlsx(
        HEADERS,
        [
            ["nanshan", "南山街道", "属地", "街道", "qc", 330199003, "0571-1", "南山路1号"],
            ["ns-a", "南山一社区", "territory", "社区", "nanshan", "330199003001", "", ""],
            ["ns-b", "南山村", "属地", "村", "nanshan", "330199003201", "", ""],
            ["zjj", "住建局", "部门", "", "", "", "", ""],
            ["taoyuan", "桃园社区（新）", "属地", "社区", "donghu", "330199001002", "", ""],
        ],
    )
    result = import_units(upload, actor=people["admin"])
    assert result.ok, result.errors
    assert result.created == ["nanshan", "ns-a", "ns-b", "zjj"]
    assert result.updated == ["taoyuan"]
    nanshan = Unit.objects.get(code="nanshan")
    assert nanshan.division_code == "330199003"  # typed as a number, kept as a code
    assert Unit.objects.get_parent(nanshan).code == "qc"
    assert {c.code for c in Unit.objects.get_children(nanshan)} == {"ns-a", "ns-b"}
    assert Unit.objects.get(code="taoyuan").name == "桃园社区（新）"
    event = AuditEvent.objects.get(action="org.import")
    assert event.data["created"] == ["nanshan", "ns-a", "ns-b", "zjj"]
    assert all(not problems for problems in Unit.objects.find_problems())


def test_bad_rows_import_nothing_and_each_is_named(units, people):
    before = Unit.objects.count()
    upload = xlsx(
        HEADERS,
        [
            ["ok1", "好街道", "属地", "街道", "qc", "330199005", "", ""],  # row 2 fine
            ["bad-kind", "某单位", "军队", "", "", "", "", ""],  # row 3
            ["ok1", "重复", "部门", "", "", "", "", ""],  # row 4 duplicate code
            ["c-x", "社区X", "属地", "社区", "qc", "330199001009", "", ""],  # row 5 parent level
            ["c-y", "社区Y", "属地", "社区", "later", "330199006001", "", ""],  # row 6 later
            ["later", "后面的街道", "属地", "街道", "qc", "330199006", "", ""],  # row 7
            ["c-z", "社区Z", "属地", "社区", "ok1", "330199001010", "", ""],  # row 8 prefix
            ["c-w", "社区W", "属地", "社区", "nowhere", "330199005002", "", ""],  # row 9
            ["c-v", "社区V", "属地", "社区", "ok1", "3301990050", "", ""],  # row 10 length
            ["c-u", "社区U", "属地", "社区", "donghu", "330199001001", "", ""],  # row 11 taken
            ["", "", "", "", "", "", "", ""],  # blank row: skipped
            ["c-t", "", "属地", "", "donghu", "", "", ""],  # row 13 name, level, code
        ],
    )
    result = import_units(upload, actor=people["admin"])
    assert not result.ok
    assert Unit.objects.count() == before
    by_row = {}
    for error in result.errors:
        by_row.setdefault(error.row, []).append(error)
    assert set(by_row) == {3, 4, 5, 6, 8, 9, 10, 11, 13}
    assert by_row[3][0].column == "类型"
    assert "2" in by_row[4][0].message and by_row[4][0].column == "编码"
    assert by_row[5][0].column == "上级编码"
    assert "7" in by_row[6][0].message
    assert by_row[8][0].column == "区划代码" and "330199005" in by_row[8][0].message
    assert "nowhere" in by_row[9][0].message
    assert by_row[10][0].column == "区划代码"
    assert "柳岸社区" in by_row[11][0].message
    assert {e.column for e in by_row[13]} == {"名称", "层级"}
    assert not AuditEvent.objects.filter(action="org.import").exists()


def test_missing_column_and_non_excel_are_reported(units, people):
    result = import_units(xlsx(["编码", "名称"], [["a", "b"]]), actor=people["admin"])
    assert [e.column for e in result.errors] == ["类型"]
    result = import_units(io.BytesIO(b"not a workbook"), actor=people["admin"])
    assert len(result.errors) == 1 and result.errors[0].row == 0


def test_empty_file_is_reported(units, people):
    result = import_units(xlsx(HEADERS, []), actor=people["admin"])
    assert not result.ok and result.errors[0].row == 2


def test_reimporting_the_same_file_changes_nothing(units, people):
    rows = [["nanshan", "南山街道", "属地", "街道", "qc", "330199003", "", ""]]
    assert import_units(xlsx(HEADERS, rows), actor=people["admin"]).created == ["nanshan"]
    again = import_units(xlsx(HEADERS, rows), actor=people["admin"])
    assert again.ok and again.unchanged == ["nanshan"] and not again.created


def test_import_page_shows_errors_and_imports_nothing(client, units, people):
    client.force_login(people["admin"])
    assert client.get("/org/units/import/").status_code == 200
    upload = xlsx(HEADERS, [["x1", "X", "未知", "", "", "", "", ""]])
    response = client.post("/org/units/import/", {"file": upload})
    assert response.status_code == 422
    assert response.context["result"].errors[0].row == 2
    assert "未知" in response.content.decode()
    assert not Unit.objects.filter(code="x1").exists()


def test_import_page_imports(client, units, people):
    client.force_login(people["admin"])
    upload = xlsx(HEADERS, [["zjj", "住建局", "部门", "", "", "", "", ""]])
    response = client.post("/org/units/import/", {"file": upload})
    assert response.status_code == 200 and response.context["result"].created == ["zjj"]


def test_import_page_refuses_a_non_xlsx_name(client, units, people):
    client.force_login(people["admin"])
    upload = io.BytesIO(b"a,b")
    upload.name = "units.csv"
    response = client.post("/org/units/import/", {"file": upload})
    assert response.status_code == 200 and "file" in response.context["form"].errors


@pytest.mark.parametrize("who", ["leader", "street_leader", "dispatcher"])
def test_only_the_office_admin_imports(client, people, who):
    client.force_login(people[who])
    upload = xlsx(HEADERS, [["zjj", "住建局", "部门", "", "", "", "", ""]])
    assert client.post("/org/units/import/", {"file": upload}).status_code == 404
    assert client.get("/org/units/import/template.xlsx").status_code == 404
    assert not Unit.objects.filter(code="zjj").exists()


def test_management_command_imports_and_refuses(tmp_path, units, capsys):
    good = tmp_path / "good.xlsx"
    good.write_bytes(xlsx(HEADERS, [["zjj", "住建局", "部门", "", "", "", "", ""]]).getvalue())
    call_command("import_org", str(good), "--kind", "units")
    assert Unit.objects.filter(code="zjj").exists()
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(xlsx(HEADERS, [["q", "Q", "军队", "", "", "", "", ""]]).getvalue())
    with pytest.raises(CommandError):
        call_command("import_org", str(bad), "--kind", "units")
    assert "row 2 [类型]" in capsys.readouterr().err
    assert not Unit.objects.filter(code="q").exists()


def test_each_imported_unit_is_audited_with_its_changes(units, people):
    upload = xlsx(
        HEADERS,
        [
            ["zjj", "住建局", "部门", "", "", "", "", ""],
            ["taoyuan", "桃园社区（新）", "属地", "社区", "donghu", "330199001002", "", ""],
            ["liuan", "柳岸社区", "属地", "社区", "donghu", "330199001001", "", ""],
        ],
    )
    result = import_units(upload, actor=people["admin"])
    assert result.ok, result.errors
    created = AuditEvent.objects.get(action="unit.create", object_repr="住建局")
    assert created.data["code"] == "zjj" and created.actor_id == people["admin"].pk
    updated = AuditEvent.objects.get(action="unit.update", object_id=str(units["c2"].pk))
    assert updated.data == {"name": ["桃园社区", "桃园社区（新）"]}
    assert not AuditEvent.objects.filter(
        action="unit.update", object_id=str(units["c1"].pk)
    ).exists()  # unchanged
