"""The downloadable roster template of a kind (.xlsx, XlsxWriter): the columns in the order
the import reads them, required headers in red, drop-downs for single choices and yes/no, text
format for codes and numbers a clerk types (Excel must not turn a licence number into 3.3E+11),
and a second sheet that explains every column. With `sites`, the rows are filled in, site code
first, so that an office edits its roster and imports it again."""

from __future__ import annotations

import io
from collections.abc import Iterable
from typing import Any

import xlsxwriter
from django.utils.translation import gettext as _

from zhengzhi.sites.importing.columns import ATTR, Field, kind_fields
from zhengzhi.sites.kinds import display_value
from zhengzhi.sites.models import Site, SiteKind

TEMPLATE_ROWS = 1000
# Excel's limit on a list typed into the validation itself; longer lists go to a hidden sheet.
INLINE_LIST_CHARS = 250
YES_NO = ("是", "否")


def _type_label(f: Field) -> str:
    if f.decl is None:
        if f.key in ("lon", "lat"):
            return _("decimal number")
        if f.key in ("licence_issued_on", "licence_expires_on"):
            return _("date")
        return _("text")
    return {
        "text": _("text"),
        "integer": _("whole number"),
        "decimal": _("decimal number"),
        "date": _("date"),
        "boolean": _("yes or no (是/否)"),
        "choice": _("one of the choices"),
        "choices": _("one or more of the choices, separated by 、"),
    }[f.decl.type]


def _choices(f: Field) -> tuple[str, ...]:
    if f.decl is not None and f.decl.type == "boolean":
        return YES_NO
    if f.decl is not None and f.decl.type == "choice":
        return f.choices
    return ()


def _row(site: Site, fields: list[Field]) -> list[Any]:
    lic = site.licences.all()[0] if site.licences.all() else None
    plain: dict[str, Any] = {
        "site_code": site.code,
        "name": site.name,
        "operator": site.operator,
        "phone": site.phone,
        "credit_code": site.credit_code,
        "address": site.address,
        "lon": site.lon,
        "lat": site.lat,
        "grid_code": "",
        "licence_number": lic.number if lic else "",
        "licence_issuer": lic.issuer if lic else "",
        "licence_issued_on": lic.issued_on if lic else None,
        "licence_expires_on": lic.expires_on if lic else None,
    }
    out: list[Any] = []
    for f in fields:
        if f.key.startswith(ATTR):
            value = site.attributes.get(f.key[len(ATTR) :])
            if f.decl is not None and f.decl.type == "boolean" and value is not None:
                out.append("是" if value else "否")
            else:
                out.append(display_value(f.decl, value) if f.decl else value)
        else:
            out.append(plain[f.key])
    return out


def build_template(kind: SiteKind, sites: Iterable[Site] = ()) -> bytes:
    fields = kind_fields(kind)
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    book.set_properties({"title": f"{kind.name}花名册", "created": None})
    head = book.add_format({"bold": True, "bg_color": "#EEF2F6", "border": 1, "align": "center",
                            "valign": "vcenter", "text_wrap": True})  # fmt: skip
    head_required = book.add_format({"bold": True, "bg_color": "#EEF2F6", "border": 1,
                                     "align": "center", "valign": "vcenter", "text_wrap": True,
                                     "font_color": "#B42318"})  # fmt: skip
    text = book.add_format({"num_format": "@"})
    number = book.add_format({"num_format": "0.000000"})
    date = book.add_format({"num_format": "yyyy-mm-dd"})
    sheet = book.add_worksheet(kind.name[:31])
    lists = None
    sheet.set_row(0, 30)
    sheet.freeze_panes(1, 2)
    for col, f in enumerate(fields):
        is_date = f.key in ("licence_issued_on", "licence_expires_on") or (
            f.decl is not None and f.decl.type == "date"
        )
        is_number = f.key in ("lon", "lat") or (
            f.decl is not None and f.decl.type in ("integer", "decimal")
        )
        fmt = date if is_date else number if f.key in ("lon", "lat") else None
        if fmt is None and not is_number:
            fmt = text
        sheet.set_column(col, col, f.width, fmt)
        sheet.write(0, col, f.header, head_required if f.required else head)
        choices = _choices(f)
        if choices:
            source: str | list[str] = list(choices)
            if len(",".join(choices)) > INLINE_LIST_CHARS:
                if lists is None:
                    lists = book.add_worksheet("_lists")
                    lists.hide()
                for r, choice in enumerate(choices):
                    lists.write_string(r, col, choice)
                letter = xlsxwriter.utility.xl_col_to_name(col)
                source = f"=_lists!${letter}$1:${letter}${len(choices)}"
            sheet.data_validation(
                1, col, TEMPLATE_ROWS, col,
                {"validate": "list", "source": source, "ignore_blank": True,
                 "error_title": f.header, "error_message": _("Choose one of the listed values.")},
            )  # fmt: skip
    for r, site in enumerate(sites, start=1):
        for col, value in enumerate(_row(site, fields)):
            if value is None or value == "":
                continue
            if hasattr(value, "isoformat") and not isinstance(value, str):
                sheet.write_datetime(r, col, value, date)
            elif isinstance(value, int | float) and not isinstance(value, bool):
                sheet.write_number(r, col, value)
            else:
                sheet.write_string(r, col, str(value))
    _explain(book, kind, fields)
    book.close()
    return buffer.getvalue()


def _explain(book, kind: SiteKind, fields: list[Field]) -> None:
    sheet = book.add_worksheet(_("Instructions")[:31])
    wrap = book.add_format({"text_wrap": True, "valign": "top"})
    bold = book.add_format({"bold": True, "bg_color": "#EEF2F6", "border": 1, "valign": "top"})
    title = book.add_format({"bold": True, "font_size": 14})
    red = book.add_format({"font_color": "#B42318", "bold": True, "valign": "top"})
    sheet.set_column(0, 0, 20)
    sheet.set_column(1, 1, 8)
    sheet.set_column(2, 2, 18)
    sheet.set_column(3, 3, 60, wrap)
    sheet.set_column(4, 4, 40, wrap)
    sheet.write(
        0, 0, _("%(kind)s roster: how to fill in the template") % {"kind": kind.name}, title
    )
    notes = [
        _(
            "One row per site, from row 2 down; the first row holds the headers: do not "
            "change them."
        ),
        _(
            "Headers in red are required. Every row is checked before anything is "
            "imported: if any row has an error, nothing is imported and each bad row is "
            "listed with its row, column and reason."
        ),
        _(
            "A row updates a registered site when its licence number, else its credit "
            "code, else its site code matches one; otherwise it registers a new site. In a "
            "row that updates a site, a blank cell leaves that value as it is."
        ),
    ]
    for i, note in enumerate(notes, start=1):
        sheet.merge_range(i, 0, i, 4, note, wrap)
        sheet.set_row(i, 32)
    start = len(notes) + 2
    for col, label in enumerate(
        (_("Column"), _("Required column"), _("Type"), _("Explanation"), _("Choices"))
    ):
        sheet.write(start, col, label, bold)
    for r, f in enumerate(fields, start=start + 1):
        sheet.write(r, 0, f.header, red if f.required else wrap)
        sheet.write(r, 1, _("Required column") if f.required else "", red if f.required else wrap)
        sheet.write(r, 2, _type_label(f), wrap)
        sheet.write(r, 3, str(f.help or ""), wrap)
        sheet.write(r, 4, "、".join(f.choices), wrap)
