"""A roster file (.xlsx or an old .xls, or .csv as Excel and WPS save it) as a header and
rows of cell values.

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
    return _read_workbook(data)


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


def _read_workbook(data: bytes) -> Sheet:
    """The first worksheet of an .xlsx (or an old .xls, or .ods), read by python-calamine: a
    Rust reader about ten times faster than openpyxl's read-only mode, which alone took longer
    than checking and writing the seed city's 30,136 retailers (bench/sites_import.py).
    Cells come as str, float, bool, date or datetime, and "" for an empty cell."""
    from python_calamine import CalamineError, CalamineWorkbook

    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
        if not workbook.sheet_names:
            raise RosterFileError(_("The sheet is empty: the first row must hold the headers."))
        # From A1 on, empty rows and columns included, so that rows keep Excel's numbers.
        cells = workbook.get_sheet_by_index(0).to_python(skip_empty_area=False)
    except CalamineError:  # every error of a file that is not a readable workbook
        raise RosterFileError(
            _("The file is not a readable Excel workbook (.xlsx): save it as .xlsx and try again.")
        ) from None
    headers = [header_text(v) for v in cells[0]] if cells else []
    while headers and not headers[-1]:
        headers.pop()
    if not headers:
        raise RosterFileError(_("The sheet is empty: the first row must hold the headers."))
    values = ([None if v == "" else v for v in row] for row in cells[1:])
    rows = _keep(values, len(headers))
    if not rows:
        raise RosterFileError(_("The file has no data rows below the headers."))
    return Sheet(headers, rows)


def _too_many() -> str:
    return _("The file has more than %(n)s rows: split it into several files.") % {
        "n": f"{MAX_ROWS:,}"
    }


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
