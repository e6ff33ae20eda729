"""Test helpers shared by the org tests and the layers above (accounts imports them)."""

import io

from openpyxl import Workbook


def xlsx(headers, rows, name="upload.xlsx"):
    """An in-memory workbook with a header row and data rows, as a browser would upload it."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(list(headers))
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    buffer.name = name
    return buffer
