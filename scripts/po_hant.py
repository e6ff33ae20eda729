"""Fills a zh_Hant catalogue from its zh_Hans sibling by converting Simplified to Traditional
with OpenCC's s2tw: Taiwan-standard characters (戶, 啟, 群, 說, 裡), without Taiwan's phrase
conversion (s2twp would turn 软件 into 軟體): the wording stays the office's own.

Usage: python scripts/po_hant.py [LOCALE_DIR ...]   (default: every locale dir in the project)
zh_Hant catalogues are generated, never edited by hand: run this after editing zh_Hans.
"""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po
from opencc import OpenCC

ROOT = Path(__file__).resolve().parent.parent
convert = OpenCC("s2tw").convert


def fill(locale_dir: Path) -> int:
    hans = locale_dir / "zh_Hans" / "LC_MESSAGES" / "django.po"
    hant = locale_dir / "zh_Hant" / "LC_MESSAGES" / "django.po"
    if not hans.exists():
        return 0
    with hans.open("rb") as fh:
        source = read_po(fh, locale="zh_Hans")
    if hant.exists():
        with hant.open("rb") as fh:
            target = read_po(fh, locale="zh_Hant")
    else:
        target = read_po(hans.open("rb"), locale="zh_Hant")
    changed = 0
    for message in source:
        if not message.id:
            continue
        if isinstance(message.string, tuple | list):
            new = tuple(convert(s) for s in message.string)
        else:
            new = convert(message.string or "")
        existing = target.get(message.id, message.context)
        if existing is None:
            target.add(
                message.id,
                new,
                locations=message.locations,
                flags=message.flags,
                context=message.context,
            )
            changed += 1
        elif existing.string != new:
            existing.string = new
            changed += 1
    for message in list(target):
        if message.id and source.get(message.id, message.context) is None:
            target.delete(message.id, message.context)
    target.locale = "zh_Hant"  # a catalogue first copied from zh_Hans must not keep its header
    hant.parent.mkdir(parents=True, exist_ok=True)
    with hant.open("wb") as fh:
        write_po(fh, target, width=100)
    return changed


def main(argv: list[str]) -> None:
    dirs = [Path(a) for a in argv] or sorted(ROOT.glob("zhengzhi/**/locale"))
    for d in dirs:
        print(f"{d}: {fill(d)} entries updated")


if __name__ == "__main__":
    main(sys.argv[1:])
