# ruff: noqa: F811 (the fixtures imported from rosters_support are parameters here)
"""The roster pages: upload → (columns) → check → import; the template; who may use them."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from zhengzhi.sites.models import ColumnMapping, RosterImport, Site
from zhengzhi.sites.tests.rosters_support import (  # noqa: F401 (fixtures)
    IN_C1,
    IN_C2,
    TEMPLATE,
    credit,
    template_row,
    territory,
    tobacco,
    xlsx,
)

pytestmark = pytest.mark.django_db


def upload(client, kind, data, name="roster.xlsx", **extra):
    return client.post(
        reverse("sites:roster_home"),
        {"kind": kind.pk, "file": SimpleUploadedFile(name, data), **extra},
    )


def test_a_template_sheet_goes_straight_to_the_check_and_imports(
    as_user, people, territory, tobacco
):
    client = as_user(people["admin"])
    data = xlsx(TEMPLATE, [template_row("甲店", "330199100001", IN_C1, credit_code=credit(1))])
    sent = upload(client, tobacco, data)
    assert sent.status_code == 302 and "/columns/" not in sent["Location"]
    check = client.get(sent["Location"])
    assert check.status_code == 200
    assert "Every row is good." in check.content.decode()
    assert not Site.objects.exists()  # the check writes nothing
    done = client.post(sent["Location"])
    assert done.status_code == 302
    roster = RosterImport.objects.get()
    assert done["Location"] == reverse("sites:roster_import", args=[roster.pk])
    page = client.get(done["Location"]).content.decode()
    assert Site.objects.get().code in page
    # the stored upload is gone once imported
    assert client.get(sent["Location"]).status_code == 404


def test_bad_rows_are_listed_and_the_file_can_be_sent_again(as_user, people, territory, tobacco):
    client = as_user(people["admin"])
    rows = [template_row("甲店", "330199100001", IN_C1),
            template_row("乙店", "330199100002", IN_C1, credit_code="91350100M000100Y44")]  # fmt: skip
    sent = upload(client, tobacco, xlsx(TEMPLATE, rows))
    check = client.get(sent["Location"])
    html = check.content.decode()
    assert check.status_code == 422
    assert "Nothing was imported." in html
    assert '<td>3</td><td class="nowrap">统一社会信用代码</td>' in html
    # importing anyway is refused the same way, and nothing is written
    assert client.post(sent["Location"]).status_code == 422
    assert not Site.objects.exists()
    # the corrected file, through the form under the errors (the kind is kept)
    assert f'<option value="{tobacco.pk}" selected>' in html
    rows[1] = template_row("乙店", "330199100002", IN_C1, credit_code=credit(2))
    again = upload(client, tobacco, xlsx(TEMPLATE, rows))
    assert client.post(again["Location"]).status_code == 302
    assert Site.objects.count() == 2


def test_an_own_sheet_is_matched_on_a_page_and_the_matching_remembered(
    as_user, people, territory, tobacco
):
    client = as_user(people["admin"])
    headers = ["店名", "负责人", "许可证编号", "经度", "纬度", "门头照片"]
    data = xlsx(headers, [["甲店", "王芳", "330199100001", *IN_C1, "见附件"]])
    sent = upload(client, tobacco, data, name="本社区花名册.xlsx")
    assert "/columns/" in sent["Location"]
    page = client.get(sent["Location"]).content.decode()
    assert '<option value="name" selected>' in page
    assert '<option value="licence_number" selected>' in page
    # two columns for one field: refused, the choices kept
    post = {"col0": "name", "col1": "name", "col2": "licence_number", "col3": "lon", "col4": "lat"}
    bad = client.post(sent["Location"], post)
    assert bad.status_code == 422 and "fill the same field" in bad.content.decode()
    post["col1"] = "operator"
    ok = client.post(sent["Location"], post)
    assert ok.status_code == 302
    assert ColumnMapping.objects.get(kind=tobacco).columns["门头照片"] == ""
    assert client.post(ok["Location"]).status_code == 302
    assert Site.objects.get().operator == "王芳"
    # next time, the same headers are proposed as saved
    sent = upload(client, tobacco, data, name="again.xlsx")
    page = client.get(sent["Location"]).content.decode()
    assert '<option value="operator" selected>' in page


def test_the_file_is_checked_at_the_door(as_user, people, tobacco, settings):
    client = as_user(people["admin"])
    assert (
        "Upload an Excel workbook" in upload(client, tobacco, b"x", name="r.pdf").content.decode()
    )
    for name in ("r.xlsx", "r.xls"):
        page = upload(client, tobacco, b"not a zip", name=name)
        assert page.status_code == 422 and "not a readable Excel workbook" in page.content.decode()
    settings.UPLOAD_MAX_BYTES = 1000
    big = upload(client, tobacco, xlsx(TEMPLATE, [template_row()] * 50))
    assert big.status_code == 422 and "larger than" in big.content.decode()
    assert f'<option value="{tobacco.pk}" selected>' in big.content.decode()


def test_the_template_has_the_columns_an_explanation_and_drop_downs(as_user, people, tobacco):
    page = as_user(people["admin"]).get(reverse("sites:roster_template", args=[tobacco.code]))
    assert page.status_code == 200
    book = load_workbook(io.BytesIO(page.content))
    sheet = book.worksheets[0]
    headers = [c.value for c in sheet[1]]
    assert headers[:12] == ["站点编码", "名称", "经营者", "电话", "统一社会信用代码", "地址", "经度",
                            "纬度", "网格编码", "许可证号", "许可证发证机关", "发证日期"]  # fmt: skip
    assert headers[-4:] == ["有效期至", "客户档位", "经营业态", "学校周边"]
    lists = [dv.formula1 for dv in sheet.data_validations.dataValidation]
    assert any("便利店" in f for f in lists) and any("是" in f for f in lists)
    help_text = " ".join(
        str(c.value) for row in book.worksheets[1].iter_rows() for c in row if c.value
    )
    assert "Required column" in help_text and "烟酒商店" in help_text


def test_the_filled_template_carries_the_site_codes_and_imports_back(
    as_user, people, territory, tobacco
):
    client = as_user(people["admin"])
    sent = upload(client, tobacco, xlsx(TEMPLATE, [template_row("甲店", "330199100001", IN_C1)]))
    client.post(sent["Location"])
    site = Site.objects.get()
    filled = client.get(reverse("sites:roster_template", args=[tobacco.code]) + "?filled=1")
    book = load_workbook(io.BytesIO(filled.content))
    row = [c.value for c in book.worksheets[0][2]]
    assert row[0] == site.code and row[1] == "甲店" and row[9] == "330199100001"
    sent = upload(client, tobacco, filled.content)
    check = client.get(sent["Location"]).content.decode()
    assert "Every row is good." in check


def test_who_may_open_the_import(as_user, people, tobacco):
    home = reverse("sites:roster_home")
    for who in ("leader", "dispatcher", "inspector"):
        assert as_user(people[who]).get(home).status_code == 404, who
    assert as_user(people["handler"]).get(home).status_code == 200
    # 城管执法局 supervises snack stalls and building sites, not tobacco retailers
    kinds = as_user(people["dept_handler"]).get(home).context["form"].fields["kind"].queryset
    assert "snack_stall" in {k.code for k in kinds} and tobacco not in kinds
    template = reverse("sites:roster_template", args=[tobacco.code])
    assert as_user(people["dept_handler"]).get(template).status_code == 404


def test_another_users_upload_and_import_are_not_found(as_user, people, territory, tobacco, client):
    admin = as_user(people["admin"])
    sent = upload(admin, tobacco, xlsx(TEMPLATE, [template_row("桃园店", "330199100002", IN_C2)]))
    admin.post(sent["Location"])
    roster = RosterImport.objects.get()
    client.logout()
    other = as_user(people["handler"])
    assert other.get(sent["Location"]).status_code == 404
    assert other.get(reverse("sites:roster_import", args=[roster.pk])).status_code == 404
