"""Writes the shipped template of the dispatch sheet's .docx export,
zhengzhi/campaigns/data/docx/dispatch_sheet.docx (run it after changing this script):

    .venv/bin/python scripts/campaign_docx_template.py [out.docx]

An office restyles its own copy in Word or WPS and points ZZ_CAMPAIGN_DOCX_TEMPLATE at it (see
zhengzhi/campaigns/docx_template.py for what the export fills in and what it keeps).

The page follows GB/T 9704-2012 for a table printed across an A4 page (表格横排): the type area
of 156 x 225 mm turned with the page, the table's head on the binding edge (订口 28 mm at the top,
切口 26 mm at the bottom, 天头 37 mm and 地脚 35 mm on the right and left); the title in 2号
小标宋, body text in 3号 仿宋, first-level headings in 3号 黑体, page numbers in 4号 宋体
"— 1 —" on the outer side, one character in (odd pages right, even pages left).
"""

from __future__ import annotations

import sys
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Pt, RGBColor

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "zhengzhi/campaigns/data/docx/dispatch_sheet.docx"

# 22.5 cm across (the type area's 225 mm): 序号 and 进度状态 wide enough for their headings.
WIDTHS = [1.4, 5.2, 2.6, 1.4, 1.6, 1.5, 1.7, 1.9, 2.2, 1.2, 1.8]
COLUMNS = 11


def set_fonts(style, latin: str, east_asian: str, size: float, bold: bool = False) -> None:
    """Fonts by name only: the default template's theme fonts (and heading colour) would
    otherwise win over the names."""
    font = style.font
    font.size = Pt(size)
    font.bold = bold
    font.italic = False
    font.color.rgb = RGBColor(0, 0, 0)
    rpr = style.element.get_or_add_rPr()
    for old in rpr.findall(qn("w:rFonts")):
        rpr.remove(old)
    fonts = OxmlElement("w:rFonts")
    for attr, name in (("ascii", latin), ("hAnsi", latin), ("eastAsia", east_asian)):
        fonts.set(qn(f"w:{attr}"), name)
    rpr.insert(0, fonts)


def tight(style, *, exact: float | None = None) -> None:
    fmt = style.paragraph_format
    fmt.space_before = fmt.space_after = Pt(0)
    if exact:
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = Pt(exact)
    else:
        fmt.line_spacing = 1.0


def paragraph_style(doc, name: str):
    try:
        return doc.styles[name]
    except KeyError:
        style = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = doc.styles["Normal"]
        return style


def page_number(footer, align) -> None:
    """ "— 3 —" in 4号 宋体, one character (14 pt) in from the outer edge."""
    p = footer.paragraphs[0]
    p.alignment = align
    fmt = p.paragraph_format
    if align == WD_ALIGN_PARAGRAPH.RIGHT:
        fmt.right_indent = Pt(14)
    else:
        fmt.left_indent = Pt(14)
    fonts = '<w:rFonts w:ascii="宋体" w:hAnsi="宋体" w:eastAsia="宋体"/>'
    run = f'<w:rPr>{fonts}<w:sz w:val="28"/></w:rPr>'
    w = nsdecls("w")
    p._p.append(parse_xml(f'<w:r {w}>{run}<w:t xml:space="preserve">— </w:t></w:r>'))
    field = f"<w:r>{run}<w:t>1</w:t></w:r>"
    p._p.append(parse_xml(f'<w:fldSimple {w} w:instr=" PAGE ">{field}</w:fldSimple>'))
    p._p.append(parse_xml(f'<w:r {nsdecls("w")}>{run}<w:t xml:space="preserve"> —</w:t></w:r>'))


def build(out: Path) -> None:
    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    section.top_margin, section.bottom_margin = Cm(2.8), Cm(2.6)
    section.left_margin, section.right_margin = Cm(3.5), Cm(3.7)
    section.footer_distance = Cm(1.2)
    doc.settings.odd_and_even_pages_header_footer = True
    page_number(section.footer, WD_ALIGN_PARAGRAPH.RIGHT)
    page_number(section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT)

    styles = doc.styles
    normal = styles["Normal"]
    set_fonts(normal, "Times New Roman", "仿宋_GB2312", 16)
    tight(normal, exact=28)
    title = styles["Title"]
    title.element.get_or_add_pPr()  # drop the default's rule under the title
    for border in title.element.pPr.findall(qn("w:pBdr")):
        title.element.pPr.remove(border)
    set_fonts(title, "Times New Roman", "方正小标宋简体", 22)
    tight(title, exact=36)
    title.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.paragraph_format.space_after = Pt(14)
    subtitle = styles["Subtitle"]
    set_fonts(subtitle, "Times New Roman", "楷体_GB2312", 16)
    tight(subtitle, exact=28)
    subtitle.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    subtitle.paragraph_format.space_after = Pt(10)
    body = paragraph_style(doc, "Body Text")
    set_fonts(body, "Times New Roman", "仿宋_GB2312", 16)
    tight(body, exact=28)
    body.paragraph_format.first_line_indent = Pt(32)
    body.paragraph_format.space_after = Pt(10)
    heading = styles["Heading 1"]
    set_fonts(heading, "Times New Roman", "黑体", 16)
    tight(heading, exact=28)
    heading.paragraph_format.first_line_indent = Pt(32)
    heading.paragraph_format.space_before = Pt(14)
    heading.paragraph_format.keep_with_next = True
    # One paragraph per unit late or missing: no bullets in an official document, indented as
    # body text, a size smaller (the lists can be long).
    item = paragraph_style(doc, "Sheet Item")
    set_fonts(item, "Times New Roman", "仿宋_GB2312", 14)
    tight(item, exact=24)
    item.paragraph_format.first_line_indent = Pt(32)
    for name, size, bold in (
        ("Sheet Heading", 10.5, True),
        ("Sheet Task", 9.5, True),
        ("Sheet Unit", 9.5, False),
    ):
        style = paragraph_style(doc, name)
        set_fonts(style, "Times New Roman", "黑体" if name == "Sheet Heading" else "仿宋_GB2312",
                  size, bold)  # fmt: skip
        tight(style)
        if name == "Sheet Heading":
            style.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER

    doc.add_paragraph("{{ title }}", style="Title")
    doc.add_paragraph("{{ meta }}", style="Subtitle")
    doc.add_paragraph("{{ summary }}", style="Body Text")
    table = doc.add_table(rows=1, cols=COLUMNS)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for column, cell, width in zip(table.columns, table.rows[0].cells, WIDTHS, strict=True):
        column.width = cell.width = Cm(width)
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        cell.paragraphs[0].text = "{{ column }}"
        cell.paragraphs[0].style = styles["Sheet Heading"]
    # The heading row repeats on every printed page.
    table.rows[0]._tr.get_or_add_trPr().append(parse_xml(f"<w:tblHeader {nsdecls('w')}/>"))
    # First-level headings numbered as GB/T 9704 numbers them: 一、二、
    doc.add_paragraph("一、{{ late_heading }}", style="Heading 1")
    doc.add_paragraph("{{ late_item }}", style="Sheet Item")
    doc.add_paragraph("二、{{ ledger_heading }}", style="Heading 1")
    doc.add_paragraph("{{ ledger }}", style="Body Text")
    doc.core_properties.author = ""
    doc.core_properties.title = "日调度表"
    out.parent.mkdir(parents=True, exist_ok=True)
    doc.save(out)


if __name__ == "__main__":
    build(Path(sys.argv[1]) if len(sys.argv) > 1 else OUT)
