"""The archive as a zip: folders by category → item → checkpoint, an index workbook at the top,
written member by member in small pieces so that a multi-gigabyte archive never sits in memory.

Python's zipfile does the format: every member has Zip64 headers (no 4 GB limit on a file or the
archive) and a Chinese name carries the UTF-8 flag, so that Windows Explorer shows the folder
names as they are. The export job writes to a file, so each member is stored in one pass: its
CRC and sizes are written back into its header (stream-zip, tried first, must deflate or read
each file twice for that on a stream: 1.6x the time of zipfile, bench/archive.py).
"""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import BinaryIO

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from zhengzhi.archive.models import Evidence, EvidenceStatus
from zhengzhi.archive.scope import visible_evidence

CHUNK = 1 << 20  # 1 MB reads and writes (zipfile.write copies 8 KB at a time)
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


def index_name() -> str:
    # In the office's language (目录.xlsx).
    return pgettext("file name in the archive's zip", "index") + ".xlsx"


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


def write_zip(
    members: list[Member],
    index: bytes,
    target: BinaryIO,
    *,
    on_member: Callable[[int], None] | None = None,
) -> None:
    """Writes the zip to `target` one member at a time, each copied in CHUNK pieces: memory
    stays flat whatever the archive's size. Members are stored (photos and PDFs are
    compressed already; deflating them only costs CPU), each with Zip64 headers; a seekable
    target gets each member's CRC and sizes written back into its header, another one a data
    descriptor after its bytes."""
    now = timezone.localtime().replace(tzinfo=None)
    with zipfile.ZipFile(target, "w", zipfile.ZIP_STORED, allowZip64=True) as archive:
        with archive.open(_info(index_name(), now), "w", force_zip64=True) as dest:
            dest.write(index)
        for n, m in enumerate(members, start=1):
            if on_member is not None:
                on_member(n)
            if not m.path.is_file():  # a file gone from disk: left out, said in the index
                continue
            modified = timezone.localtime(m.evidence.added_at).replace(tzinfo=None)
            info = _info(m.name, modified)
            with open(m.path, "rb") as src, archive.open(info, "w", force_zip64=True) as dest:
                shutil.copyfileobj(src, dest, CHUNK)


class _Utf8Info(zipfile.ZipInfo):
    """A member whose name is flagged UTF-8 even when it is plain ASCII (zipfile flags only the
    others), so that every name of the archive reads the same way. Python is pinned (3.11); the
    zip test reads the flag of every member back."""

    def _encodeFilenameFlags(self):  # noqa: N802 - zipfile's own name
        return self.filename.encode("utf-8"), self.flag_bits | 0x800


def _info(name: str, modified: dt.datetime) -> zipfile.ZipInfo:
    # A zip's clock starts in 1980; its times are local, as Windows Explorer shows them.
    when = max(modified, dt.datetime(1980, 1, 1))
    info = _Utf8Info(name, date_time=when.timetuple()[:6])
    info.compress_type = zipfile.ZIP_STORED
    info.external_attr = 0o600 << 16
    return info


def write(user, campaign, target: Path, progress: Callable[[int, int], None]) -> int:
    members = plan(user, campaign)
    total = len(members)
    progress(0, total)
    index = index_xlsx(members, campaign.name)
    with open(target, "wb") as handle:
        write_zip(members, index, handle, on_member=lambda n: progress(n - 1, total))
    progress(total, total)
    return total
