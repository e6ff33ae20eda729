"""The Word template of the dispatch sheet's .docx export, which an office may restyle.

The shipped template, data/docx/dispatch_sheet.docx (written by scripts/campaign_docx_template.py),
holds the page set-up (A4 landscape, GB/T 9704 margins, page numbers), the styles and the frame
of the document. An office copies it, changes it in Word or WPS (fonts, sizes, margins, column
widths, a red-headed 文头 above the title...) and sets ZZ_CAMPAIGN_DOCX_TEMPLATE to its path.

What the export fills in, each in a paragraph of the template whose text holds the placeholder
(the paragraph keeps its style and the first run's formatting; the rest of its text is replaced):
  {{ title }} (required)   the sheet's title        {{ meta }}          office and day
  {{ summary }} (required) the day's figures        {{ late_heading }}  heading of the list below
  {{ late_item }}          one paragraph per unit that reported late or not at all (repeated)
  {{ ledger_heading }}     heading of the ledger's figures          {{ ledger }}  those figures
A placeholder left out leaves that part out. The first table is the sheet: its first row, of
as many cells as the sheet has columns, gets the column headings (each cell keeps its style);
the widths of its columns are the widths of every row. Body rows are in the paragraph styles
"Sheet Task" (a task) and "Sheet Unit" (a reporting unit); an office restyles those styles.
Anything else in the template (a 文头, a note, a signature block) is kept as it is.

A file that cannot be used raises TemplateError with the reason, which the export shows.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

SHIPPED = Path(__file__).resolve().parent / "data" / "docx" / "dispatch_sheet.docx"
PLACEHOLDER = re.compile(r"\{\{\s*([a-z_]+)\s*\}\}")
NAMES = ("title", "meta", "summary", "late_heading", "late_item", "ledger_heading", "ledger")
REQUIRED = ("title", "summary")
ROW_STYLES = ("Sheet Task", "Sheet Unit")


class TemplateError(Exception):
    """The template cannot be used; the message says why (translated, for the user)."""


def template_path() -> Path:
    return Path(getattr(settings, "CAMPAIGN_DOCX_TEMPLATE", "") or SHIPPED)


def open_template(columns: int, path: Path | None = None):
    """The template as a python-docx Document, checked: its placeholders, its table of
    `columns` columns and its row styles."""
    from docx import Document

    path = path or template_path()
    try:
        data = path.read_bytes()
    except OSError:
        raise TemplateError(_("The file %(path)s cannot be read.") % {"path": path}) from None
    try:
        doc = Document(io.BytesIO(data))
    except Exception:  # python-docx raises zipfile, KeyError or ValueError errors alike
        raise TemplateError(
            _("%(path)s is not a Word document (.docx).") % {"path": path}
        ) from None
    found = {m for p in doc.paragraphs for m in PLACEHOLDER.findall(p.text)}
    unknown = sorted(found - set(NAMES))
    if unknown:
        raise TemplateError(
            _("It has unknown placeholders: %(names)s.")
            % {"names": ", ".join(f"{{{{ {n} }}}}" for n in unknown)}
        )
    missing = [n for n in REQUIRED if n not in found]
    if missing:
        raise TemplateError(
            _("It lacks the placeholders %(names)s.")
            % {"names": ", ".join(f"{{{{ {n} }}}}" for n in missing)}
        )
    if not doc.tables:
        raise TemplateError(_("It has no table for the sheet's rows."))
    table = doc.tables[0]
    grid = table._tbl.tblGrid.gridCol_lst
    if len(table.rows) != 1 or len(grid) != columns or len(table.rows[0].cells) != columns:
        raise TemplateError(
            _("Its first table must be one heading row of %(n)d columns.") % {"n": columns}
        )
    names = {s.name for s in doc.styles}
    lacking = [n for n in ROW_STYLES if n not in names]
    if lacking:
        raise TemplateError(
            _("It lacks the paragraph styles %(names)s.") % {"names": ", ".join(lacking)}
        )
    return doc


def style_id(doc, name: str) -> str:
    return doc.styles[name].style_id


def column_widths(table) -> list[int]:
    """The widths of the template's columns, in twentieths of a point (the body rows' cells)."""
    from docx.oxml.ns import qn

    return [int(col.get(qn("w:w")) or 0) for col in table._tbl.tblGrid.gridCol_lst]


def fill(doc, values: dict[str, str], items: list[str]) -> None:
    """Puts the values into their placeholders' paragraphs; the {{ late_item }} paragraph is
    repeated for each of `items` (gone when there are none); a paragraph whose placeholder has
    no value is removed."""
    from copy import deepcopy

    for paragraph in list(doc.paragraphs):
        names = PLACEHOLDER.findall(paragraph.text)
        if not names:
            continue
        if "late_item" in names:
            for item in items:
                copy = deepcopy(paragraph._p)
                paragraph._p.addprevious(copy)
                _set_text(copy, PLACEHOLDER.sub(lambda _m, item=item: item, paragraph.text))
            paragraph._p.getparent().remove(paragraph._p)
            continue
        if any(values.get(n) is None for n in names):
            paragraph._p.getparent().remove(paragraph._p)
            continue
        _set_text(paragraph._p, PLACEHOLDER.sub(lambda m: values[m.group(1)], paragraph.text))


def _set_text(p, text: str) -> None:
    """The paragraph's text in its first run (keeping that run's formatting), other runs gone."""
    from docx.oxml.ns import qn
    from docx.text.paragraph import Paragraph

    runs = p.findall(qn("w:r"))
    for run in runs[1:]:
        run.getparent().remove(run)
    if runs:
        for child in list(runs[0]):
            if child.tag != qn("w:rPr"):
                runs[0].remove(child)
    para = Paragraph(p, None)
    if runs:
        para.runs[0].text = text
    else:
        para.add_run(text)


def set_headings(table, headings: list[str]) -> None:
    """The column headings in the template's heading row, each cell keeping its paragraph style
    and its first run's formatting."""
    for cell, text in zip(table.rows[0].cells, headings, strict=True):
        paragraphs = cell.paragraphs
        for extra in paragraphs[1:]:
            extra._p.getparent().remove(extra._p)
        _set_text(paragraphs[0]._p, text)


def check(app_configs=None, **kwargs) -> list:
    """`manage.py check` (and every start) warns when the configured template cannot be used;
    the rest of the app works, and the export says why it cannot."""
    from django.core.checks import Warning as CheckWarning
    from django.utils import translation

    from zhengzhi.campaigns.exports import COLUMNS

    try:
        with translation.override("en"):  # in the language of Django's own checks
            open_template(COLUMNS)
    except TemplateError as exc:
        return [
            CheckWarning(
                f"The dispatch sheet's .docx template {template_path()} cannot be used: {exc}",
                hint="Fix the file or ZZ_CAMPAIGN_DOCX_TEMPLATE (empty: the shipped template).",
                id="campaigns.W001",
            )
        ]
    return []
