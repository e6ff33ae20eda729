"""The issued .docx read back: GB/T 9704's page, grid, faces, sizes, masthead and page
numbers; and an issued edition stays as issued when the facts change."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from zhengzhi.conftest import local
from zhengzhi.ledger.models import Problem
from zhengzhi.supervision.models import Edition, EditionStatus, IssuedDocument, Mention
from zhengzhi.supervision.services import editions

pytestmark = [pytest.mark.django_db, pytest.mark.time_machine(local(2026, 12, 5, 10))]


@pytest.fixture
def issued(series, facts, staff):
    edition = editions.start_draft(series, dt.date(2026, 12, 3), actor=staff["admin"])
    editions.draft(edition.pk)
    edition.refresh_from_db()
    assert edition.status == EditionStatus.DRAFT, edition.error
    edition = editions.edit(
        edition.pk,
        actor=staff["admin"],
        version=edition.version,
        title="",
        progress_text="本旬各单位积极推进整治工作。",
        problems_text="部分单位办理不及时。",
        advice_text="一要提高认识。\n二要压实责任。",
        photo_choices=[facts["typical"].pk],
    )
    return editions.issue(edition.pk, actor=staff["admin"], version=edition.version)


def _docx(edition) -> bytes:
    return bytes(IssuedDocument.objects.get(edition=edition, kind="docx").content)


def _runs(doc):
    for p in doc.paragraphs:
        for r in p.runs:
            yield p, r


def _east_asia(run) -> str:
    return run._element.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia"))


def test_the_page_is_gbt_9704s(issued):
    doc = Document(io.BytesIO(_docx(issued)))
    s = doc.sections[0]

    def mm(v):  # stored in twips: read back to a tenth of a millimetre
        return round(v / Mm(1), 1)

    assert (mm(s.page_width), mm(s.page_height)) == (210, 297)
    assert [mm(v) for v in (s.top_margin, s.bottom_margin, s.left_margin, s.right_margin)] == [
        37, 35, 28, 26,
    ]  # fmt: skip
    assert round((s.page_width - s.left_margin - s.right_margin) / Mm(1)) == 156
    assert round((s.page_height - s.top_margin - s.bottom_margin) / Mm(1)) == 225
    grid = s._sectPr.find(qn("w:docGrid"))
    assert grid.get(qn("w:type")) == "lines"
    pitch = int(grid.get(qn("w:linePitch"))) / 20  # points
    assert int(225 / 25.4 * 72 / pitch) == 22  # 22 lines
    normal = doc.styles["Normal"]
    assert (normal.font.name, normal.font.size) == ("仿宋_GB2312", Pt(16))
    spacing = int(normal.element.rPr.find(qn("w:spacing")).get(qn("w:val"))) / 20
    assert int(156 / 25.4 * 72 / (16 + spacing)) == 28  # 28 characters


def test_faces_sizes_masthead_and_page_numbers(issued):
    doc = Document(io.BytesIO(_docx(issued)))
    runs = list(_runs(doc))
    masthead = runs[0][1]
    assert masthead.text == "创卫工作简报" and str(masthead.font.color.rgb) == "E60012"
    assert _east_asia(masthead) == "方正小标宋简体"
    texts = [r.text for _p, r in runs]
    assert "第1期" in texts
    title = next(r for _p, r in runs if r.text.startswith("关于"))
    assert (title.font.size, _east_asia(title)) == (Pt(22), "方正小标宋简体")
    assert title.text == "关于2026年12月上旬城市管理工作情况的通报"
    heads = {r.text: r for _p, r in runs if r.text[:2] in ("一、", "二、", "三、")}
    assert set(heads) == {"一、进展情况", "二、存在的主要问题", "三、意见和建议"}
    assert all(_east_asia(r) == "黑体" and r.font.size == Pt(16) for r in heads.values())
    second = [r for _p, r in runs if r.text.startswith("（")]
    assert second and all(_east_asia(r) == "楷体_GB2312" for r in second)
    body = next(r for _p, r in runs if r.text == "二要压实责任。")
    assert (_east_asia(body), body.font.size) == ("仿宋_GB2312", Pt(16))
    pitch = int(doc.sections[0]._sectPr.find(qn("w:docGrid")).get(qn("w:linePitch"))) / 20
    assert body._parent.paragraph_format.line_spacing.pt == pitch == 28.95  # 225 mm / 22 lines
    assert_page_numbers(doc)
    tables = doc.tables
    assert any(t.cell(0, 0).text == "编号" for t in tables)  # the overdue problems
    assert any(p.text.startswith("计分办法：得分＝100×（") for p in doc.paragraphs)  # the formula
    assert len(doc.inline_shapes) == 2  # the typical problem, before and after


def test_the_issued_edition_does_not_change_when_the_facts_do(issued, facts, client, staff):
    before_docx, before_data = _docx(issued), Edition.objects.get(pk=issued.pk).data
    overdue = before_data["overdue"]["total"]
    assert overdue == 2
    Problem.objects.filter(pk=facts["fresh"].pk).update(description="变了")
    Problem.objects.filter(pk=facts["overdue"].pk).update(due_at=None)
    assert editions.build_data(Edition.objects.get(pk=issued.pk))["overdue"]["total"] == 1
    edition = Edition.objects.get(pk=issued.pk)
    assert edition.data == before_data and _docx(edition) == before_docx
    client.force_login(staff["c2_handler"])
    response = client.get(reverse("supervision:document", args=[issued.pk, "docx"]))
    assert response.status_code == 200 and response.content == before_docx
    page = client.get(reverse("supervision:edition", args=[issued.pk])).content.decode()
    section = page.split('id="section-overdue"', 1)[1].split("</section>", 1)[0]
    # Still listed as drafted, although its deadline has gone since.
    assert facts["overdue"].number in section and facts["other"].number in section


def test_issuing_tells_every_unit_and_names_them(issued, facts, staff):
    from zhengzhi.notifications.models import Notification

    told = set(
        Notification.objects.filter(kind="supervision.edition").values_list(
            "recipient__username", flat=True
        )
    )
    assert {"handler", "c2_handler", "street_leader", "leader"} <= told
    named = set(Mention.objects.filter(edition=issued).values_list("problem_id", "reason"))
    assert (facts["overdue"].pk, "overdue") in named and (facts["typical"].pk, "typical") in named


def assert_page_numbers(doc) -> None:
    """GB/T 9704 §7.5: "— n —" in 4号 宋体, odd pages right-aligned with one character's space
    on the right, even pages left-aligned with one on the left, and the document set to
    different odd and even footers (or every page would take the odd one)."""
    settings = doc.settings.element
    assert settings.find(qn("w:evenAndOddHeaders")) is not None
    section = doc.sections[0]
    odd, even = section.footer, section.even_page_footer
    assert not odd.is_linked_to_previous and not even.is_linked_to_previous
    for footer, align, side in ((odd, WD_ALIGN_PARAGRAPH.RIGHT, "right"), (even, WD_ALIGN_PARAGRAPH.LEFT, "left")):  # fmt: skip
        p = footer.paragraphs[0]
        assert p.text.replace(" ", "") == "——"  # "— " PAGE " —": the field's text is not stored
        assert "PAGE" in p._p.xml and p.alignment == align
        indents = {"right": p.paragraph_format.right_indent, "left": p.paragraph_format.left_indent}
        assert indents[side] == Pt(14)  # one 4号 character
        assert not indents["left" if side == "right" else "right"]
        assert all((r.font.size, _east_asia(r)) == (Pt(14), "宋体") for r in p.runs)
    # 7 mm below the type area: the footer's line starts 35 − 7 − 5 mm from the page's foot.
    assert round(section.footer_distance / Mm(1)) == 23
