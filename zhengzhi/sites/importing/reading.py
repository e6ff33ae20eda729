"""A roster file (.xlsx, or .csv as Excel and WPS save it) as a header and rows of cell values.

Rows are numbered as Excel shows them (the header is row 1) so that an error names the row a
clerk finds on screen; blank rows are skipped but keep their numbers.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from django.utils.translation import gettext as _

MAX_ROWS = 50_000


class RosterFileError(ValueError):
    """The file as a whole cannot be used (not a workbook, no header, too many rows)."""


@dataclass
class Sheet:
    headers: list[str]
    rows: list[tuple[int, tuple]]  # (row number as in Excel, cell values)


def header_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def read_sheet(data: bytes, file_name: str) -> Sheet:
    if file_name.lower().endswith(".csv"):
        return _read_csv(data)
    return _read_xlsx(data)


def _keep(rows_iter, width: int) -> list[tuple[int, tuple]]:
    rows: list[tuple[int, tuple]] = []
    for number, values in enumerate(rows_iter, start=2):
        if not any(
            v is not None and v != "" and (not isinstance(v, str) or v.strip()) for v in values
        ):
            continue
        if len(rows) >= MAX_ROWS:
            raise RosterFileError(_too_many())
        rows.append((number, tuple(values[:width])))
    return rows


def _read_xlsx(data: bytes) -> Sheet:
    from zhengzhi.sites.importing.xlsx_fast import FastReadError, read_rows

    try:
        numbered = read_rows(io.BytesIO(data))
    except FastReadError:
        return _read_xlsx_openpyxl(data)
    header = next((values for number, values in numbered if number == 1), [])
    headers = [header_text(v) for v in header]
    while headers and not headers[-1]:
        headers.pop()
    if not headers:
        raise RosterFileError(_("The sheet is empty: the first row must hold the headers."))
    width = len(headers)
    rows: list[tuple[int, tuple]] = []
    for number, values in numbered:
        if number < 2:
            continue
        if not any(v is not None and (not isinstance(v, str) or v.strip()) for v in values):
            continue
        if len(rows) >= MAX_ROWS:
            raise RosterFileError(_too_many())
        rows.append((number, tuple(values[:width])))
    if not rows:
        raise RosterFileError(_("The file has no data rows below the headers."))
    return Sheet(headers, rows)


def _too_many() -> str:
    return _("The file has more than %(n)s rows: split it into several files.") % {
        "n": f"{MAX_ROWS:,}"
    }


def _read_xlsx_openpyxl(data: bytes) -> Sheet:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many types for a file that is not an .xlsx
        raise RosterFileError(
            _("The file is not a readable Excel workbook (.xlsx): save it as .xlsx and try again.")
        ) from None
    try:
        sheet = workbook.worksheets[0]
        iterator = sheet.iter_rows(values_only=True)
        header = next(iterator, None)
        headers = [header_text(v) for v in header or ()]
        while headers and not headers[-1]:
            headers.pop()
        if not headers:
            raise RosterFileError(_("The sheet is empty: the first row must hold the headers."))
        rows = _keep(iterator, len(headers))
    finally:
        workbook.close()
    if not rows:
        raise RosterFileError(_("The file has no data rows below the headers."))
    return Sheet(headers, rows)


def _read_csv(data: bytes) -> Sheet:
    # Excel and WPS on a Chinese Windows save CSV in GB18030 (GBK); others in UTF-8 with a BOM.
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise RosterFileError(_("The CSV file is neither UTF-8 nor GB18030 text."))
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        headers = [header_text(v) for v in next(reader, [])]
        while headers and not headers[-1]:
            headers.pop()
        if not headers:
            raise RosterFileError(_("The sheet is empty: the first row must hold the headers."))
        rows = _keep(reader, len(headers))
    except csv.Error:
        raise RosterFileError(_("The CSV file cannot be read.")) from None
    if not rows:
        raise RosterFileError(_("The file has no data rows below the headers."))
    return Sheet(headers, rows)
