"""The photo album (影像图片册) and the technical report of a category (分项技术报告), as .docx;
their PDFs are these documents converted by zhengzhi.core.pdf (the platform's one way)."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from zhengzhi.archive.completeness import completeness
from zhengzhi.archive.exports import official
from zhengzhi.archive.models import EvidenceStatus
from zhengzhi.archive.scope import own_units, visible_evidence
from zhengzhi.archive.selectors import table_rows
from zhengzhi.archive.services.table import cycle_years
from zhengzhi.files.models import FileKind, StoredFile
from zhengzhi.org.models import Unit
from zhengzhi.standards.models import Category

PHOTO_MM = 72


def _photos(user, campaign, category_id: int | None = None):
    qs = (
        visible_evidence(user)
        .filter(requirement__campaign=campaign, file__kind=FileKind.IMAGE)
        .exclude(status=EvidenceStatus.RETURNED)
        .select_related("requirement__item__category", "unit", "file")
        .order_by(
            "requirement__item__category__position",
            "requirement__item__position",
            "requirement__item_id",
            "year",
            "pk",
        )
    )
    if category_id:
        qs = qs.filter(requirement__item__category_id=category_id)
    return list(qs)


def _before_photos(pieces) -> dict[int, StoredFile]:
    """The before photo of each problem an after photo came from."""
    from zhengzhi.ledger.models import Problem

    ids = [
        int(p.source_key.split(":", 1)[1])
        for p in pieces
        if p.source_key.startswith("ledger.problem:")
    ]
    if not ids:
        return {}
    out: dict[int, StoredFile] = {}
    for stored in (
        StoredFile.objects.filter(
            owner_type=ContentType.objects.get_for_model(Problem),
            owner_id__in=ids,
            kind=FileKind.IMAGE,
        )
        .exclude(purpose__in=("after", "verify"))
        .order_by("created_at", "pk")
    ):
        out.setdefault(stored.owner_id, stored)
    return out


def _picture(cell_or_doc, stored: StoredFile) -> bool:
    from docx.shared import Mm

    path = Path(settings.MEDIA_ROOT) / stored.path
    if not path.is_file():
        return False
    if hasattr(cell_or_doc, "add_picture"):
        cell_or_doc.add_picture(str(path), width=Mm(PHOTO_MM))
    else:  # a table cell
        cell_or_doc.paragraphs[0].add_run().add_picture(str(path), width=Mm(PHOTO_MM))
    return True


def album(user, campaign, progress=None) -> tuple[bytes, int]:
    pieces = _photos(user, campaign)
    before = _before_photos(pieces)
    doc = official.document(_("Photo album"), campaign.name)
    item_id = category_id = None
    count = 0
    for n, piece in enumerate(pieces, start=1):
        item = piece.requirement.item
        if item.category_id != category_id:
            category_id = item.category_id
            official.heading(doc, item.category.name)
        if item.pk != item_id:
            item_id = item.pk
            official.heading(doc, f"{item.number} {item.text[:60]}".strip(), 14)
        key = piece.source_key
        pair = before.get(int(key.split(":", 1)[1])) if key.startswith("ledger.problem:") else None
        if pair is not None:
            grid = doc.add_table(rows=2, cols=2)
            _picture(grid.cell(0, 0), pair)
            _picture(grid.cell(0, 1), piece.file)
            official.run_font(grid.cell(1, 0).paragraphs[0].add_run(_("Before")), "宋体", 10.5)
            official.run_font(grid.cell(1, 1).paragraphs[0].add_run(_("After")), "宋体", 10.5)
        elif not _picture(doc, piece.file):
            continue
        caption = doc.add_paragraph()
        official.run_font(
            caption.add_run(f"{piece.title} · {piece.unit.name} · {piece.year}"), "楷体_GB2312", 12
        )
        count += 1
        if progress:
            progress(n, len(pieces))
    if not count:
        official.paragraph(doc, _("No photo has been filed yet."))
    return official.to_bytes(doc), count


def report(user, campaign, category: Category) -> tuple[bytes, int]:
    """Values and gaps of the category's indicators, its items' owners, and their evidence."""
    from zhengzhi.standards.models import CampaignStandard
    from zhengzhi.standards.present import distance_text, num
    from zhengzhi.standards.rules import Outcome
    from zhengzhi.standards.selectors import gap_for

    doc = official.document(
        _("%(category)s: technical report") % {"category": category.name}, campaign.name
    )
    official.paragraph(
        doc,
        _("Written on %(day)s from the platform's records.")
        % {"day": timezone.localdate().isoformat()},
    )
    tie = CampaignStandard.objects.filter(campaign=campaign).first()
    official.heading(doc, _("1. Indicators: values and gaps"))
    rows = []
    if tie is not None:
        result = gap_for(user, tie)
        for g in result.report.indicators:
            if g.spec.category_id != category.pk:
                continue
            ind = result.indicators[g.spec.id]
            rows.append(
                [
                    f"{ind.number} {ind.name}".strip(),
                    ind.target_text or "",
                    num(g.result.value) if g.result else "—",
                    str(Outcome(g.outcome).label),
                    distance_text(g.distance, ind.measure.unit) if g.outcome == "not_met" else "",
                ]
            )
    if rows:
        official.table(
            doc,
            [_("Indicator"), _("Target"), _("Value"), pgettext("indicator", "Outcome"), _("Gap")],
            rows,
        )
    else:
        official.paragraph(doc, _("No indicator of this category has a value yet."))
    official.heading(doc, _("2. Owners"))
    table = [
        (r, None) for r in table_rows(user, campaign) if r.category and r.category.pk == category.pk
    ]
    official.table(
        doc,
        [pgettext("standard", "Item"), _("Lead unit"), _("Supporting units"), _("Campaign tasks")],
        [
            [
                f"{r.number} {r.text[:60]}".strip(),
                r.lead.name if r.lead else _("No owner"),
                "、".join(u.name for u in r.supporting),
                "；".join(t.title for t in r.tasks) or _("No task"),
            ]
            for r, _c in table
        ],
    )
    official.heading(doc, _("3. Evidence"))
    done = completeness(
        campaign, cycle_years(campaign, timezone.localdate()), units=own_units(user)
    )
    official.table(
        doc,
        [
            pgettext("standard", "Item"),
            pgettext("evidence", "Required"),
            pgettext("evidence", "Present"),
            pgettext("evidence", "Accepted"),
            pgettext("evidence", "Missing"),
        ],
        [
            [
                f"{r.number} {r.text[:40]}".strip(),
                c.required,
                c.present,
                c.accepted,
                c.missing,
            ]
            for r, _x in table
            if (c := done.by_item.get(r.duty.item_id)) is not None
        ],
    )
    gaps = [g for g in done.gaps if g.item_id in {r.duty.item_id for r, _x in table}]
    names = dict(Unit.objects.filter(pk__in={g.unit_id for g in gaps}).values_list("pk", "name"))
    owed: dict[str, int] = defaultdict(int)
    for g in gaps:
        owed[names.get(g.unit_id, _("Nobody (no owner)"))] += g.missing
    official.heading(doc, _("4. What is missing and who owes it"))
    if owed:
        for unit, n in sorted(owed.items(), key=lambda kv: -kv[1]):
            official.paragraph(doc, _("%(unit)s: %(n)d missing") % {"unit": unit, "n": n})
    else:
        official.paragraph(doc, _("Nothing is missing."))
    return official.to_bytes(doc), len(table)
