"""Reading import workbooks and writing their templates (openpyxl).

Rows are numbered as Excel shows them (the header is row 1), so an error names the row a clerk
finds on screen. Every error is collected, never only the first: a clerk fixes the whole file
in one pass.
"""

from __future__ import annotations

import datetime as dt
import io
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import DatabaseError, IntegrityError, transaction
from django.http import HttpResponse
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation

MAX_ROWS = 20000
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class Column:
    key: str
    header: str  # the Chinese header of the template; the data format, not an interface string
    required: bool = False  # the column must be present in the file
    aliases: tuple[str, ...] = ()
    width: int = 14
    choices: tuple[str, ...] = ()  # offered as a drop-down in the template


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    message: str


@dataclass
class Row:
    number: int
    values: dict[str, str]

    def __getitem__(self, key: str) -> str:
        return self.values.get(key, "")


@dataclass
class ImportResult:
    kind: str
    rows: int = 0
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    # New users' generated temporary passwords: shown once on the result page, never stored.
    passwords: list[tuple[str, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


class RowFailed(Exception):
    """A row that passed the checks but failed while writing (e.g. a concurrent change): the
    transaction rolls back and the row is reported like any other bad row."""

    def __init__(self, errors: list[RowError]):
        super().__init__(errors)
        self.errors = errors

    @staticmethod
    @contextmanager
    def guard(row: int):
        try:
            yield
        except ValidationError as exc:
            raise RowFailed([RowError(row, "", m) for m in exc.messages]) from exc
        except (IntegrityError, DatabaseError) as exc:
            raise RowFailed(
                [RowError(row, "", _("The row could not be saved: %(e)s") % {"e": exc})]
            ) from exc


class Errors:
    """Collects row errors; `add` for a field name of the rules maps it to its column header."""

    def __init__(self, columns: list[Column], field_columns: dict[str, str] | None = None):
        self.headers = {c.key: c.header for c in columns}
        self.field_columns = field_columns or {}
        self.items: list[RowError] = []

    def add(self, row: int, key: str, message: str) -> None:
        key = self.field_columns.get(key, key)
        self.items.append(RowError(row, self.headers.get(key, key), str(message)))

    def add_all(self, row: int, errors: dict[str, list[str]]) -> None:
        for key, messages in errors.items():
            for message in messages:
                self.add(row, key, message)

    def __bool__(self) -> bool:
        return bool(self.items)

    def sorted(self) -> list[RowError]:
        return sorted(self.items, key=lambda e: e.row)


def cell_text(value) -> str:
    """A cell as the text a clerk typed: 330199001 typed as a number is still a code."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return str(value).strip()


def read_rows(upload, columns: list[Column]) -> tuple[list[Row], list[RowError]]:
    """The non-blank rows of the first sheet, keyed by column, or the reasons the file is
    unusable (not a workbook, required columns missing, too many rows)."""
    try:
        workbook = load_workbook(upload, read_only=True, data_only=True)
    except Exception:  # openpyxl raises many types for a file that is not an .xlsx
        return [], [RowError(0, "", _("The file is not a readable Excel workbook (.xlsx)."))]
    try:
        sheet = workbook.worksheets[0]
        iterator = sheet.iter_rows(values_only=True)
        header = next(iterator, None)
        if header is None:
            return [], [RowError(1, "", _("The sheet is empty: the first row must hold headers."))]
        positions, errors = _map_header(header, columns)
        if errors:
            return [], errors
        rows: list[Row] = []
        for number, values in enumerate(iterator, start=2):
            texts = {key: cell_text(values[i]) if i < len(values) else "" for key, i in positions}
            if not any(texts.values()):
                continue
            if len(rows) >= MAX_ROWS:
                return [], [
                    RowError(
                        number,
                        "",
                        _("The file has more than %(n)d rows: split it into several files.")
                        % {"n": MAX_ROWS},
                    )
                ]
            rows.append(Row(number, texts))
        if not rows:
            return [], [RowError(2, "", _("The file has no data rows below the headers."))]
        return rows, []
    finally:
        workbook.close()


def _map_header(header, columns: list[Column]) -> tuple[list[tuple[str, int]], list[RowError]]:
    wanted = {}
    for column in columns:
        for name in (column.header, column.key, *column.aliases):
            wanted[_norm(name)] = column.key
    positions: dict[str, int] = {}
    for index, value in enumerate(header):
        key = wanted.get(_norm(cell_text(value)))
        if key and key not in positions:
            positions[key] = index
    errors = [
        RowError(1, c.header, _("The column %(name)s is missing.") % {"name": c.header})
        for c in columns
        if c.required and c.key not in positions
    ]
    return list(positions.items()), errors


def _norm(text: str) -> str:
    return text.replace(" ", "").replace("\u3000", "").replace("*", "").lower()


def split_list(text: str) -> list[str]:
    """Several values in one cell, separated by 、 , ， ; ； or line breaks (not spaces: an
    English role label has them)."""
    for sep in ("、", "，", "；", ";", "\n"):
        text = text.replace(sep, ",")
    return [part.strip() for part in text.split(",") if part.strip()]


def build_template(columns: list[Column], notes: list[str], sheet_title: str) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = sheet_title
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="EEF2F6")
    for index, column in enumerate(columns, start=1):
        cell = sheet.cell(row=1, column=index, value=column.header)
        cell.font, cell.fill = bold, fill
        cell.alignment = Alignment(horizontal="center")
        letter = cell.column_letter
        sheet.column_dimensions[letter].width = column.width
        # Codes and phone numbers are text: Excel must not turn 330199001001 into 3.30199E+11.
        for row in range(2, 1001):
            sheet.cell(row=row, column=index).number_format = "@"
        if column.choices:
            validation = DataValidation(
                type="list", formula1='"' + ",".join(column.choices) + '"', allow_blank=True
            )
            validation.add(f"{letter}2:{letter}1000")
            sheet.add_data_validation(validation)
    sheet.freeze_panes = "A2"
    help_sheet = workbook.create_sheet(_("Instructions"))
    help_sheet.column_dimensions["A"].width = 100
    for index, note in enumerate(notes, start=1):
        help_sheet.cell(row=index, column=1, value=str(note)).alignment = Alignment(wrap_text=True)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def run_import(upload, columns: list[Column], kind: str, plan, apply) -> ImportResult:
    """The all-or-nothing skeleton every import shares: read the sheet, check every row
    (`plan(rows) -> (plans, Errors)`), then write in one transaction (`apply(plans, result)`).
    A row that fails while writing rolls everything back and is reported like a bad row."""
    result = ImportResult(kind=kind)
    rows, file_errors = read_rows(upload, columns)
    if file_errors:
        result.errors = file_errors
        return result
    result.rows = len(rows)
    plans, errors = plan(rows)
    if errors:
        result.errors = errors.sorted()
        return result
    try:
        with transaction.atomic():
            apply(plans, result)
    except RowFailed as failed:
        return ImportResult(kind=kind, rows=result.rows, errors=failed.errors)
    return result
