"""The ledger bench's export section: the project's writer against the bare cursor read of the
same rows, and against XlsxWriter and openpyxl writing the same sheet (bench/ledger.py runs it)."""

from __future__ import annotations

import datetime as dt

from ledger_data import SQLITE_DIR, bench_users
from measure import Report, ms

AIM_EXPORT_RATE = 20_000


def section_export(report: Report, rows: int, now: dt.datetime) -> None:
    from django.db import connection
    from django.utils import timezone

    from zhengzhi.ledger.models import Problem

    try:
        from zhengzhi.ledger.exports import write_ledger_xlsx
        from zhengzhi.ledger.selectors import filter_problems
    except ImportError as exc:
        report.head(f"export: SKIPPED, write_ledger_xlsx or filter_problems is not there ({exc})")
        return
    office, _ = bench_users()
    # Whole local days, newest first, until about `rows` problems: a filter an office would use.
    at = Problem.objects.order_by("-reported_at", "-id").values_list("reported_at", flat=True)
    first_day = timezone.localdate(at[rows - 1 : rows].get())
    params = {"date_from": first_day.isoformat(), "date_to": timezone.localdate(now).isoformat()}
    qs = filter_problems(office, params)
    n = qs.count()
    cols = [f.attname for f in Problem._meta.concrete_fields]
    path = SQLITE_DIR / "export.xlsx"
    SQLITE_DIR.mkdir(parents=True, exist_ok=True)

    def project():
        assert write_ledger_xlsx(qs, path) == n

    def tuples():
        assert sum(1 for _ in qs.values_list(*cols).iterator(chunk_size=2000)) == n

    def bare():
        """The floor: the same query's rows read with a bare cursor, nothing made of them."""
        with connection.cursor() as cursor:
            cursor.execute(sql, sql_params)
            while cursor.fetchmany(2000):
                pass

    sql, sql_params = qs.order_by("-reported_at", "-id").values_list(*cols).query.sql_with_params()
    p = min(ms(project) for _ in range(2))
    b = min(ms(tuples) for _ in range(2))
    f = min(ms(bare) for _ in range(2))
    size = path.stat().st_size / 1e6
    rate, base, floor = n / p * 1000, n / b * 1000, n / f * 1000
    aim = f">{AIM_EXPORT_RATE:,} rows/s"
    report.row(
        f"export {n:,} rows (rows/s)", rate, floor, "rows/s", aim, rate > AIM_EXPORT_RATE, "{:,.0f}"
    )
    report.note(
        f"filter date_from={params['date_from']}; file {size:.1f} MB; {p / 1000:.1f} s; floor: "
        f"the same rows read by a bare cursor {f / 1000:.1f} s; through the ORM as tuples "
        f"{b / 1000:.1f} s ({base:,.0f} rows/s)"
    )
    same = write_ledger_xlsx(qs, path.with_name("again.xlsx")) == n and (
        path.read_bytes() == path.with_name("again.xlsx").read_bytes()
    )
    report.note(f"written twice: {'the same bytes' if same else 'DIFFERENT bytes'}")
    for name, writer in _library_writers().items():
        try:
            target = path.with_name(f"{name}.xlsx")
            took = min(ms(lambda w=writer, t=target: w(qs, t)) for _ in range(2))
        except ImportError as exc:
            report.note(f"{name}: not installed ({exc})")
            continue
        first = path.with_name(f"{name}.xlsx").read_bytes()
        writer(qs, path.with_name(f"{name}.xlsx"))
        again = path.with_name(f"{name}.xlsx").read_bytes() == first
        report.row(f"    {name} (rows/s)", n / took * 1000, floor, "rows/s", aim,
                   None, "{:,.0f}")  # fmt: skip
        report.note(
            f"    the same sheet through {name}: {took / 1000:.1f} s; "
            f"written twice: {'the same bytes' if again else 'different bytes'}"
        )


def _sheet_values(qs):
    """The export's rows as the sheet shows them, timestamps as Excel serial numbers (the same
    work the project's writer does), for the library writers."""
    from django.utils import timezone

    from zhengzhi.ledger.exports import COLUMNS, Names, iter_batches, sheet_rows
    from zhengzhi.ledger.exports.xlsx import _UNIX_EPOCH_SERIAL, EPOCH, _Offsets

    offsets, now = _Offsets(timezone.get_current_timezone()), timezone.now()
    times = [i for i, c in enumerate(COLUMNS) if c.kind == EPOCH]
    names = Names()
    for rows in iter_batches(qs):
        names.load(rows)
        for row in sheet_rows(rows, names, now):
            for i in times:
                v = row[i]
                if v is not None:
                    row[i] = (v + offsets[v // 3600]) / 86400 + _UNIX_EPOCH_SERIAL
            yield row


def _library_writers() -> dict:
    from zhengzhi.ledger.exports import COLUMNS, HEADERS, SHEET_TITLE
    from zhengzhi.ledger.exports.xlsx import EPOCH, TEXT

    kinds = [c.kind for c in COLUMNS]

    def xlsxwriter_constant_memory(qs, path):
        import xlsxwriter

        book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
        book.set_properties({"created": dt.datetime(2000, 1, 1)})
        sheet = book.add_worksheet(SHEET_TITLE)
        when = book.add_format({"num_format": "yyyy-mm-dd hh:mm"})
        sheet.write_row(0, 0, HEADERS)
        write_string, write_number = sheet.write_string, sheet.write_number
        for r, row in enumerate(_sheet_values(qs), start=1):
            for c, v in enumerate(row):
                if v is None or v == "":
                    continue
                kind = kinds[c]
                if kind == TEXT:
                    write_string(r, c, v)
                elif kind == EPOCH:
                    write_number(r, c, v, when)
                else:
                    write_number(r, c, v if not isinstance(v, dt.date) else v.toordinal())
        book.close()

    def openpyxl_write_only_lxml(qs, path):
        import lxml  # noqa: F401 - openpyxl serialises through lxml when it is there
        from openpyxl import Workbook
        from openpyxl.cell import WriteOnlyCell

        book = Workbook(write_only=True)
        sheet = book.create_sheet(SHEET_TITLE)
        sheet.append(HEADERS)
        times = [i for i, k in enumerate(kinds) if k == EPOCH]
        for row in _sheet_values(qs):
            for i in times:
                if row[i] is not None:
                    cell = WriteOnlyCell(sheet, value=row[i])
                    cell.number_format = "yyyy-mm-dd hh:mm"
                    row[i] = cell
            sheet.append(row)
        book.save(path)

    return {
        "XlsxWriter constant_memory": xlsxwriter_constant_memory,
        "openpyxl write-only + lxml": openpyxl_write_only_lxml,
    }
