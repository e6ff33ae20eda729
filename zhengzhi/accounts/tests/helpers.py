"""Test helpers shared by the accounts and org tests."""

import io

from openpyxl import Workbook

from zhengzhi.accounts.models import User


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


def fresh(user):
    return User.objects.get(pk=user.pk)
