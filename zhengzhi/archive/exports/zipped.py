"""The archive as a zip: folders by category → item → checkpoint, an index workbook at the top,
written as a stream (stream-zip) so that a multi-gigabyte archive never sits in memory.

Every member is Zip64 (no 4 GB limit on a file or the archive) and its name carries the UTF-8
flag, so that Windows Explorer shows the Chinese folder names as they are. Photos and PDFs are
compressed already: members are deflated at level 0 (stored blocks: one pass over each file, no
CPU spent on squeezing JPEGs; stream-zip's uncompressed Zip64 mode would need each file's CRC
before its bytes, i.e. a second read).
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from zhengzhi.archive.models import Evidence, EvidenceStatus
from zhengzhi.archive.scope import visible_evidence

CHUNK = 4 << 20  # 4 MB reads and writes: fewer copies through stream-zip (bench/archive.py)
INDEX_NAME = "index.xlsx"
_BAD = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')


def clean(part: str, limit: int = 60) -> str:
    """A folder or file name Windows accepts: no reserved characters, no trailing dots."""
    text = _BAD.sub("_", " ".join(str(part).split())).strip(" .")
    return text[:limit] or "_"


@dataclass
class Member:
    name: str  # the path inside the zip
    path: Path  # on disk
    size: int
    evidence: Evidence


def plan(user, campaign) -> list[Member]:
    """Every piece the user may see (not returned) with a file, in the order of the standard."""
    pieces = (
        visible_evidence(user)
        .filter(requirement__campaign=campaign, file__isnull=False)
        .exclude(status=EvidenceStatus.RETURNED)
        .select_related("requirement__item__category", "requirement__checkpoint", "unit", "file")
        .order_by(
            "requirement__item__category__position",
            "requirement__item__category_id",
            "requirement__item__position",
            "requirement__item_id",
            "requirement__position",
            "requirement_id",
            "unit__code",
            "year",
            "pk",
        )
    )
    root = Path(settings.MEDIA_ROOT)
    taken: set[str] = set()
    out = []
    for piece in pieces:
        req = piece.requirement
        item, category = req.item, req.item.category
        folder = PurePosixPath(
            clean(f"{category.position:02d} {category.name}"),
            clean(f"{item.number} {item.text}", 40),
            clean(str(req.checkpoint) if req.checkpoint else req.title, 40),
        )
        stored = piece.file
        suffix = PurePosixPath(stored.download_name).suffix.lower()[:8]
        stem = clean(f"{piece.unit.name}-{piece.year}-{piece.title}", 80)
        if stem.lower().endswith(suffix):
            stem = stem[: -len(suffix)] or "_"
        name, n = str(folder / f"{stem}{suffix}"), 1
        while name.lower() in taken:
            n += 1
            name = str(folder / f"{stem}-{n}{suffix}")
        taken.add(name.lower())
        out.append(Member(name, root / stored.path, stored.size, piece))
    return out


def index_headings() -> list[str]:
    return [
        pgettext("standard", "Category"),
        pgettext("standard", "Item"),
        _("Checkpoint"),
        _("What is needed"),
        _("Unit"),
        _("Year"),
        _("Title"),
        _("Source"),
        _("Status"),
        _("File in the archive"),
        _("Size (bytes)"),
    ]


def index_xlsx(members: list[Member], title: str) -> bytes:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet(_("Index")[:31])
    ws.append([title])
    ws.append(index_headings())
    for m in members:
        e, req = m.evidence, m.evidence.requirement
        ws.append(
            [
                req.item.category.name,
                f"{req.item.number} {req.item.text}".strip(),
                str(req.checkpoint) if req.checkpoint else "",
                req.title,
                e.unit.name,
                e.year,
                e.title,
                e.get_source_display(),
                e.get_status_display(),
                m.name,
                m.size,
            ]
        )
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _read(path: Path) -> Iterator[bytes]:
    with open(path, "rb") as handle:
        while chunk := handle.read(CHUNK):
            yield chunk


def stream(
    members: list[Member], index: bytes, *, on_member: Callable[[int], None] | None = None
) -> Iterable[bytes]:
    from stream_zip import ZIP_64, stream_zip

    now = timezone.localtime().replace(tzinfo=None)

    def files():
        yield INDEX_NAME, now, 0o600, ZIP_64, (index,)
        for n, m in enumerate(members, start=1):
            if on_member is not None:
                on_member(n)
            if not m.path.is_file():  # a file gone from disk: left out, said in the index
                continue
            modified = timezone.localtime(m.evidence.added_at).replace(tzinfo=None)
            yield m.name, max(modified, dt.datetime(1980, 1, 1)), 0o600, ZIP_64, _read(m.path)

    return stream_zip(
        files(),
        chunk_size=CHUNK,
        get_compressobj=lambda: zlib.compressobj(level=0, wbits=-zlib.MAX_WBITS),
    )


def write(user, campaign, target: Path, progress: Callable[[int, int], None]) -> int:
    members = plan(user, campaign)
    total = len(members)
    progress(0, total)
    index = index_xlsx(members, campaign.name)
    with open(target, "wb") as handle:
        for chunk in stream(members, index, on_member=lambda n: progress(n - 1, total)):
            handle.write(chunk)
    progress(total, total)
    return total
