"""The pieces of a GB/T 9704 page that every printed document shares (python-docx): the
official faces, a run set in one of them (the East Asian face too, or Word falls back to its
default CJK font), and the page number "— n —" at the foot (right on odd pages, left on
even). core.pdf maps the faces to installed fonts when the worker makes a PDF."""

from __future__ import annotations

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
HEADING_FONT = "黑体"
TABLE_FONT = "宋体"


def run_font(run, face: str, size: float, bold: bool = False) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt

    run.font.name, run.font.size, run.font.bold = face, Pt(size), bold
    rpr = run._element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.append(rfonts)
    rfonts.set(qn("w:eastAsia"), face)


def page_number(section, face: str = TABLE_FONT, size: float = 14) -> None:
    """ "— 1 —" at the foot, as GB/T 9704 §7.5 places it: on odd pages right-aligned with one
    character's space on the right, on even pages left-aligned with one on the left (4号 =
    14 pt, so one character is 14 pt). Word and LibreOffice switch to the even page's footer
    only when the document's settings ask for different odd and even pages
    (w:evenAndOddHeaders); no document here has a header, so none loses one."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    section._document_part.settings.odd_and_even_pages_header_footer = True
    odd = section.footer.paragraphs[0]
    odd.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    odd.paragraph_format.right_indent = Pt(size)
    _number(odd, face, size)
    even = section.even_page_footer.paragraphs[0]
    even.alignment = WD_ALIGN_PARAGRAPH.LEFT
    even.paragraph_format.left_indent = Pt(size)
    _number(even, face, size)


def _number(p, face: str, size: float) -> None:
    """ "— n —": the page number between two 一字线."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    run_font(p.add_run("— "), face, size)
    run = p.add_run()
    run_font(run, face, size)
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        else:
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = text
        run._r.append(el)
    run_font(p.add_run(" —"), face, size)


KAI_FONT = "楷体_GB2312"
RED = "E60012"  # the masthead's red (GB/T 9704: 红色)

# GB/T 9704-2012 §5.2: A4; top margin 37 mm, binding (left) 28 mm; type area 156 × 225 mm,
# so bottom 35 mm and right 26 mm; 22 lines of 28 characters in 3号 (16 pt).
PAGE_MM = (210, 297)
MARGINS_MM = {"top": 37, "bottom": 35, "left": 28, "right": 26}
LINES, CHARS = 22, 28
TYPE_AREA_MM = (156, 225)
BODY_PT, TITLE_PT = 16, 22
# Line pitch: 225 mm over 22 lines, in points (≈ 28.99 pt); character pitch: 156 mm over 28.
# Word keeps twentieths of a point: 579 (28.95 pt), rounded down so that 22 lines fit.
LINE_PITCH_TW = int(TYPE_AREA_MM[1] / LINES * 72 / 25.4 * 20)
LINE_PITCH_PT = LINE_PITCH_TW / 20
CHAR_PITCH_PT = TYPE_AREA_MM[0] / CHARS * 72 / 25.4


def official_page(section) -> None:
    """The section set to GB/T 9704's page: A4, the margins above and a line grid of 22 lines
    (w:docGrid; the 28 characters come from the body's character spacing: body_style)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm

    section.page_width, section.page_height = Mm(PAGE_MM[0]), Mm(PAGE_MM[1])
    section.top_margin, section.bottom_margin = Mm(MARGINS_MM["top"]), Mm(MARGINS_MM["bottom"])
    section.left_margin, section.right_margin = Mm(MARGINS_MM["left"]), Mm(MARGINS_MM["right"])
    # The page number's line 7 mm below the type area (35 − 7 − its 5 mm height from the edge).
    section.footer_distance = Mm(MARGINS_MM["bottom"] - 7 - 5)
    sect = section._sectPr
    grid = sect.find(qn("w:docGrid"))
    if grid is None:
        grid = OxmlElement("w:docGrid")
        sect.append(grid)
    # A line grid only: Word's character grid ("linesAndChars") is drawn by LibreOffice as
    # one character per two cells, so the PDF would have 14 characters a line.
    grid.set(qn("w:type"), "lines")
    grid.set(qn("w:linePitch"), str(LINE_PITCH_TW))


# Character spacing (twentieths of a point) that sets 28 characters of 16 pt in 156 mm:
# 28 × (16 − 0.25) = 441 pt ≤ 442.2 pt < 29 × 15.75. Word and LibreOffice agree on it.
CHAR_SPACING_TW = -5


def body_style(doc) -> None:
    """The Normal style: 仿宋 16 pt, spaced for 28 characters a line."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    normal = doc.styles["Normal"]
    normal.font.name, normal.font.size = BODY_FONT, Pt(BODY_PT)
    rpr = normal.element.get_or_add_rPr()
    spacing = rpr.find(qn("w:spacing"))
    if spacing is None:
        spacing = OxmlElement("w:spacing")
        rpr.append(spacing)
    spacing.set(qn("w:val"), str(CHAR_SPACING_TW))


def off_grid(paragraph) -> None:
    """A paragraph (a table's cell, a caption) not snapped to the line grid."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    snap = OxmlElement("w:snapToGrid")
    snap.set(qn("w:val"), "0")
    paragraph._p.get_or_add_pPr().insert(0, snap)


def exact_lines(paragraph_format) -> None:
    """Exactly one grid line per line of text, nothing before or after."""
    from docx.enum.text import WD_LINE_SPACING
    from docx.shared import Pt

    paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    paragraph_format.line_spacing = Pt(LINE_PITCH_PT)
    paragraph_format.space_before = paragraph_format.space_after = Pt(0)


def rule_below(paragraph, color: str = RED, size_eighths: int = 12) -> None:
    """A line under the paragraph across the type area (the masthead's red separator)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    ppr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("val", "single"), ("sz", str(size_eighths)), ("space", "4")):
        bottom.set(qn(f"w:{key}"), value)
    bottom.set(qn("w:color"), color)
    borders.append(bottom)
    ppr.append(borders)


def colour(run, rgb: str) -> None:
    from docx.shared import RGBColor

    run.font.color.rgb = RGBColor.from_string(rgb)


# The document pieces every printed 公文 of the platform shares (bulletins, ladder records,
# the assessment, the campaign report), kept here so they are laid out once.


def new_document():
    """A blank document on the official page: A4 with the type area, the Normal style and the
    page number at the foot."""
    from docx import Document

    doc = Document()
    section = doc.sections[0]
    official_page(section)
    body_style(doc)
    page_number(section)
    return doc


def centred(doc, text: str, face: str, size: float, *, red: bool = False):
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = p.add_run(text)
    run_font(run, face, size)
    if red:
        colour(run, RED)
    return p


def masthead(doc, name: str, size: float):
    """The red masthead line (the issuing body and the document's name); the caller adds the
    number and the red line under it."""
    from docx.shared import Pt

    p = centred(doc, name, TITLE_FONT, size, red=True)
    p.paragraph_format.space_after = Pt(12)
    return p


def title(doc, text: str):
    """The document's title in 小标宋 22 pt, a blank body line after it."""
    from docx.shared import Pt

    p = centred(doc, text, TITLE_FONT, TITLE_PT)
    p.paragraph_format.space_after = Pt(BODY_PT)
    return p


def signature(doc, lines) -> None:
    """The issuing body and the date, right-aligned four characters in from the margin."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    for text in lines:
        p = doc.add_paragraph()
        exact_lines(p.paragraph_format)
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        p.paragraph_format.right_indent = Pt(BODY_PT * 4)
        run_font(p.add_run(text), BODY_FONT, BODY_PT)


def to_bytes(doc) -> bytes:
    import io

    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
