"""The fields a roster sheet may fill, and how an office's headers are matched to them.

The template's Chinese headers are the data format (a clerk's sheet says 名称, not a translated
string); English headers and the synonyms offices use in their own sheets are accepted too.
A kind's declared fields are columns "attr:<key>" headed by their label.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from django.utils.translation import gettext_lazy as _

from zhengzhi.sites.kinds import FieldDecl, parse_fields
from zhengzhi.sites.models import SiteKind

ATTR = "attr:"


@dataclass(frozen=True)
class Field:
    key: str
    header: str  # the template's header (Chinese: the sheet's format, not translated)
    english: tuple[str, ...]
    synonyms: tuple[str, ...] = ()
    label: object = ""  # for the mapping page, in the reader's language
    help: object = ""  # for the template's second sheet
    width: int = 14
    required: bool = False
    choices: tuple[str, ...] = ()
    decl: FieldDecl | None = None


# In the template's order.
STANDARD = (
    Field(
        "site_code",
        "站点编码",
        ("site code", "code"),
        ("平台编码", "站点代码", "编码"),
        _("Site code"),
        _("The platform's code of a site already registered: leave blank for a new site."),
        12,
    ),
    Field(
        "name",
        "名称",
        ("name", "site name"),
        (
            "店名",
            "商户名称",
            "店铺名称",
            "门店名称",
            "单位名称",
            "企业名称",
            "字号名称",
            "场所名称",
            "站点名称",
            "市场名称",
            "学校名称",
            "工地名称",
            "项目名称",
            "字号",
            "名字",
        ),  # fmt: skip
        _("Name"),
        _("The name on the sign or the licence."),
        24,
        True,
    ),
    Field(
        "operator",
        "经营者",
        ("operator", "owner"),
        (
            "负责人",
            "法人",
            "法定代表人",
            "经营者姓名",
            "业主",
            "店主",
            "经营户",
            "户主",
            "联系人",
        ),  # fmt: skip
        _("Operator"),
        _("The person responsible (经营者 / 负责人)."),
        10,
    ),
    Field(
        "phone",
        "电话",
        ("phone", "telephone", "mobile"),
        ("联系电话", "手机", "手机号", "手机号码", "联系方式", "电话号码"),
        _("Phone"),
        "",
        14,
    ),
    Field(
        "credit_code",
        "统一社会信用代码",
        ("credit code", "unified social credit code", "uscc"),
        ("社会信用代码", "信用代码", "统一代码", "统一信用代码"),
        _("Unified social credit code"),
        _(
            "18 characters, checked with the GB 32100 check character; blank for a "
            "business that has none."
        ),
        22,
    ),
    Field(
        "address",
        "地址",
        ("address",),
        ("详细地址", "经营地址", "经营场所", "住所", "门牌地址", "所在地址", "地点", "位置"),
        _("Address"),
        "",
        30,
    ),
    Field(
        "lon",
        "经度",
        ("longitude", "lon", "lng"),
        ("东经", "坐标经度", "X坐标"),
        _("Longitude"),
        _(
            "WGS84 decimal degrees, e.g. 120.0123; give both longitude and latitude or "
            "neither. The site's grid and community follow from the point."
        ),
        11,
    ),
    Field(
        "lat",
        "纬度",
        ("latitude", "lat"),
        ("北纬", "坐标纬度", "Y坐标"),
        _("Latitude"),
        _("WGS84 decimal degrees, e.g. 30.0123."),
        11,
    ),
    Field(
        "grid_code",
        "网格编码",
        ("grid code", "grid"),
        ("网格代码", "所属网格编码", "所属网格", "网格"),
        _("Grid code"),
        _(
            "Optional: the 15-digit grid code. With a point, the point must lie in that "
            "grid; without one, the site belongs to the grid's community."
        ),
        17,
    ),
    Field(
        "licence_number",
        "许可证号",
        ("licence number", "license number", "licence no", "license no"),
        (
            "许可证编号",
            "证号",
            "许可证号码",
            "证照编号",
            "证件号",
            "许可证",
            "登记证号",
            "专卖许可证号",
            "零售许可证号",
            "经营许可证号",
        ),  # fmt: skip
        _("Licence number"),
        _(
            "Unique in the registry: a re-import finds the site by it first, then by the "
            "credit code, then by the site code."
        ),
        18,
    ),
    Field(
        "licence_issuer",
        "许可证发证机关",
        ("licence issuer", "license issuer", "issuer", "issued by"),
        ("发证机关", "发证单位", "许可机关"),
        _("Licence issued by"),
        "",
        16,
    ),
    Field(
        "licence_issued_on",
        "发证日期",
        ("issued on", "issue date"),
        ("许可证发证日期", "发证时间"),
        _("Licence issued on"),
        _("A date: 2026-03-01, 2026/3/1 or 2026年3月1日."),
        12,
    ),
    Field(
        "licence_expires_on",
        "有效期至",
        ("expires on", "expiry date", "valid until"),
        (
            "有效期",
            "有效期限",
            "到期日期",
            "到期日",
            "有效期截止日期",
            "截止日期",
            "许可证有效期至",
        ),
        _("Licence expires on"),
        _("A date, as above."),
        12,
    ),
)
STANDARD_KEYS = tuple(f.key for f in STANDARD)
LICENCE_KEYS = ("licence_number", "licence_issuer", "licence_issued_on", "licence_expires_on")


def norm(text: str) -> str:
    """A header as compared: no spaces, no required mark, no trailing (必填), lower case."""
    text = re.sub(r"[\s\u3000*＊]", "", str(text or ""))
    text = re.sub(r"[（(](必填|选填|可选)[)）]$", "", text)
    return text.lower()


def kind_fields(kind: SiteKind) -> list[Field]:
    """Every field a sheet of this kind may fill, in the template's order."""
    out = []
    for f in STANDARD:
        if f.key == "licence_number" and kind.licence_required:
            f = replace(f, required=True)
        out.append(f)
    for decl in parse_fields(kind.fields):
        out.append(
            Field(
                ATTR + decl.key,
                decl.label,
                tuple(x for x in (decl.label_en, decl.key) if x),
                (),
                decl.label,
                "",
                max(10, min(24, len(decl.label) * 2 + 4)),
                decl.required,
                decl.choices,
                decl,
            )
        )
    return out


def propose(headers: list[str], fields: list[Field], saved: dict[str, str]) -> dict[int, str]:
    """{column index: field key} for the headers: the saved mapping of the kind first, then the
    template's header or its English name, then a known synonym; each field taken once."""
    by_key = {f.key: f for f in fields}
    exact: dict[str, str] = {}
    similar: dict[str, str] = {}
    for f in fields:
        exact.setdefault(norm(f.header), f.key)
        for name in f.english:
            exact.setdefault(norm(name), f.key)
        for name in f.synonyms:
            similar.setdefault(norm(name), f.key)
    saved_norm = {norm(h): k for h, k in saved.items() if k in by_key or k == ""}
    out: dict[int, str] = {}
    taken: set[str] = set()
    for table in (saved_norm, exact, similar):
        for index, header in enumerate(headers):
            if index in out or not norm(header):
                continue
            key = table.get(norm(header))
            if key is None:
                continue
            if key == "":  # saved as "not imported"
                out[index] = ""
                continue
            if key not in taken:
                out[index] = key
                taken.add(key)
    return {i: k for i, k in out.items() if k}


def is_template(headers: list[str], fields: list[Field]) -> bool:
    """True when every non-blank header is a field's template header or English name, so the
    mapping step can be skipped."""
    known = {norm(f.header) for f in fields} | {norm(e) for f in fields for e in f.english}
    present = [norm(h) for h in headers if norm(h)]
    return bool(present) and all(h in known for h in present) and len(set(present)) == len(present)
