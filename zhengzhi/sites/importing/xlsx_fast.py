"""The first worksheet of an .xlsx as rows of cell values, read straight from its XML.

Why not openpyxl alone: reading the seed city's 30,136-retailer roster with openpyxl's
read-only mode took about as long as checking and writing it all (bench/sites_import.py), most
of it in building a cell object per cell and in its shared-strings reader. This reader scans
the same XML with regular expressions (the cells of a worksheet are a flat, regular list of
<c> elements), keeps only values, and answers what openpyxl answers:
str, int, float, bool, and datetime for numbers in a date format. Anything it does not
expect raises FastReadError and the caller falls back to openpyxl.
"""

from __future__ import annotations

import datetime as dt
import html
import posixpath
import re
import zipfile
from typing import Any

from lxml import etree

NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
REL_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
# Excel's built-in date and time number formats.
DATE_FORMAT_IDS = {*range(14, 23), *range(27, 37), *range(45, 48), *range(50, 59)}
_DATE_CODE = re.compile(r"[dmyhs]", re.I)
_NOT_CODE = re.compile(r'"[^"]*"|\[[^\]]*\]|\\.')
_EXCEL_EPOCH = dt.datetime(1899, 12, 30)
_COL = re.compile(r"[A-Z]+")


class FastReadError(ValueError):
    pass


def _col_index(ref: str) -> int:
    letters = _COL.match(ref)
    if letters is None:
        raise FastReadError(ref)
    n = 0
    for ch in letters.group():
        n = n * 26 + ord(ch) - 64
    return n - 1


def _first_sheet(z: zipfile.ZipFile) -> str:
    book = etree.fromstring(z.read("xl/workbook.xml"))
    sheet = book.find(f"{NS}sheets/{NS}sheet")
    if sheet is None:
        raise FastReadError("no sheet")
    rid = sheet.get(f"{REL_NS}id")
    rels = etree.fromstring(z.read("xl/_rels/workbook.xml.rels"))
    for rel in rels.iter(f"{PKG_REL}Relationship"):
        if rel.get("Id") == rid:
            target = rel.get("Target", "")
            if target.startswith("/"):
                return target.lstrip("/")
            return posixpath.normpath(posixpath.join("xl", target))
    raise FastReadError("no sheet target")


_SI = re.compile(r"<si>(.*?)</si>|<si/>", re.S)
_RPH = re.compile(r"<rPh\b.*?</rPh>", re.S)
_T = re.compile(r"<t(?:\s[^>]*)?>([^<]*)</t>")
# A cell as Excel, WPS, LibreOffice, openpyxl and XlsxWriter write it: r, then s, then t, then
# other attributes; an optional formula, the value or an inline string.
_CELL = re.compile(
    r'<c r="([A-Z]{1,3})(\d+)"(?: s="(\d+)")?(?: t="(\w+)")?(?: [^>]*)?'
    r"(?:/>|>(?:<f\b[^>]*/>|<f\b[^>]*>[^<]*</f>)?(?:<v>([^<]*)</v>)?(?:<is>(.*?)</is>)?</c>)",
    re.S,
)
_PREFIXED = re.compile(r"<\w+:sheetData\b")


def _text(raw: str) -> str:
    return html.unescape(raw) if "&" in raw else raw


def _shared_strings(z: zipfile.ZipFile) -> list[str]:
    if "xl/sharedStrings.xml" not in z.namelist():
        return []
    xml = z.read("xl/sharedStrings.xml").decode("utf-8")
    out: list[str] = []
    for m in _SI.finditer(xml):
        body = m.group(1) or ""
        if "<rPh" in body:  # the phonetic guides East Asian Excel adds are not the text
            body = _RPH.sub("", body)
        out.append(_text("".join(_T.findall(body))))
    return out


def _date_styles(z: zipfile.ZipFile) -> set[int]:
    if "xl/styles.xml" not in z.namelist():
        return set()
    root = etree.fromstring(z.read("xl/styles.xml"))
    custom = {}
    for fmt in root.iter(f"{NS}numFmt"):
        code = _NOT_CODE.sub("", fmt.get("formatCode", ""))
        custom[int(fmt.get("numFmtId", "0"))] = bool(_DATE_CODE.search(code))
    xfs = root.find(f"{NS}cellXfs")
    out = set()
    for i, xf in enumerate(xfs if xfs is not None else ()):
        fid = int(xf.get("numFmtId", "0"))
        if fid in DATE_FORMAT_IDS or custom.get(fid, False):
            out.add(i)
    return out


def _number(text: str):
    if "." in text or "E" in text or "e" in text:
        return float(text)
    return int(text)


def read_rows(data) -> list[tuple[int, list]]:
    """[(row number, [values by column index])] of the first worksheet."""
    try:
        z = zipfile.ZipFile(data)
        strings = _shared_strings(z)
        dates = _date_styles(z)
        xml = z.read(_first_sheet(z)).decode("utf-8")
    except Exception as exc:  # zip, XML, encoding or index errors: the caller tries openpyxl
        raise FastReadError(str(exc)) from exc
    if _PREFIXED.search(xml):
        raise FastReadError("prefixed elements")
    begin = xml.find("<sheetData")
    xml = xml[begin : xml.find("</sheetData>", begin) if begin >= 0 else 0]
    columns: dict[str, int] = {}
    rows: list[tuple[int, list]] = []
    number = 0
    values: list = []
    found = 0
    try:
        for letters, digits, style, kind, v, inline in _CELL.findall(xml):
            found += 1
            row = int(digits)
            if row != number:
                values = []
                rows.append((row, values))
                number = row
            col = columns.get(letters)
            if col is None:
                col = columns[letters] = _col_index(letters)
            value: Any
            if kind == "inlineStr":
                value = _text("".join(_T.findall(inline)))
            elif not v:
                continue
            elif kind == "s":
                value = strings[int(v)]
            elif kind in ("str", "e"):
                value = _text(v)
            elif kind == "b":
                value = v == "1"
            else:
                value = _number(v)
                if style and int(style) in dates:
                    value = _EXCEL_EPOCH + dt.timedelta(days=float(value))
            if col >= len(values):
                values.extend([None] * (col - len(values) + 1))
            values[col] = value
    except (ValueError, IndexError) as exc:
        raise FastReadError(str(exc)) from exc
    # Every cell must have been understood: one written another way sends the file to openpyxl.
    if found != xml.count("<c ") + xml.count("<c>") + xml.count("<c/>"):
        raise FastReadError("cells in an unexpected form")
    return rows
