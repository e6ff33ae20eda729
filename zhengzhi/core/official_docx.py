"""The pieces of a GB/T 9704 page that every printed document shares (python-docx): the
official faces, a run set in one of them (the East Asian face too, or Word falls back to its
default CJK font), and the page number "— n —" centred at the foot. core.pdf maps the faces to
installed fonts when the worker makes a PDF."""

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
    """ "— 1 —" centred at the foot of the section, as GB/T 9704 places it."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    p = section.footer.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
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
