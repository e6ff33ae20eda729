"""Django merges every app's catalogue into one: the same English text translated two ways in two
apps shows one app's words in the other's pages (a request "Pending" read 待发送, a notification's
state). Such texts need a context (pgettext) of their own."""

import subprocess
from collections import defaultdict
from pathlib import Path

from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]


def catalogues(locale: str):
    for po in sorted(ROOT.glob(f"**/locale/{locale}/LC_MESSAGES/django.po")):
        with po.open("rb") as fh:
            yield po.relative_to(ROOT.parent), read_po(fh)


def test_no_text_is_translated_two_ways_in_two_apps():
    seen: dict[tuple, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    for path, catalogue in catalogues("zh_Hans"):
        for message in catalogue:
            if message.id and message.string:
                key = (message.context, str(message.id))
                seen[key][str(message.string)].append(str(path))
    clashes = {key: dict(found) for key, found in seen.items() if len(found) > 1}
    assert not clashes, clashes


def opencc_dictionary(name: str, tmp_path: Path) -> dict[str, list[str]]:
    """One of OpenCC's dictionaries, read with the opencc_dict tool the package ships."""
    import opencc

    clib = Path(opencc.__file__).parent / "clib"
    out = tmp_path / f"{name}.txt"
    subprocess.run(
        [clib / "bin" / "opencc_dict", "-f", "ocd2", "-t", "text", "-o", out,
         "-i", clib / "share" / "opencc" / f"{name}.ocd2"],
        check=True, capture_output=True,
    )  # fmt: skip
    entries = {}
    for line in out.read_text(encoding="utf-8").splitlines():
        key, _, values = line.partition("\t")
        entries[key] = values.split()
    return entries


def simplified_only(tmp_path: Path) -> set[str]:
    """The characters that Traditional Chinese as written in Taiwan never uses: converted by
    OpenCC's STCharacters to other characters only (户 -> 戶, 启 -> 啟; not 占, 游 or 后, which
    Traditional writes too), unless its TWVariants turn one of those back (群 -> 羣 -> 群)."""
    st = opencc_dictionary("STCharacters", tmp_path)
    tw = opencc_dictionary("TWVariants", tmp_path)
    return {
        key
        for key, values in st.items()
        if len(key) == 1
        and key not in values
        and not any(key in tw.get(value, ()) for value in values)
    }


def test_no_simplified_character_survives_in_zh_hant(tmp_path):
    """zh_Hant is generated with OpenCC's s2tw (scripts/po_hant.py): no simplified-only
    character is left in any catalogue, and none of the Hong Kong forms s2hk wrote (啓 羣 説 裏)."""
    banned = simplified_only(tmp_path)
    assert {"户", "启", "说", "发", "这"} <= banned and not {"占", "游", "台", "后", "群"} & banned
    banned |= set("啓羣説裏")
    left: dict[str, list[str]] = defaultdict(list)
    count = 0
    for path, catalogue in catalogues("zh_Hant"):
        for message in catalogue:
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            for text in strings:
                count += bool(text)
                if text and banned & set(text):
                    left[str(path)].append(text)
    assert count > 2000
    assert not left, dict(left)


def test_no_catalogue_is_marked_fuzzy():
    # Babel, which bin/setup compiles with, skips a catalogue whose header is fuzzy: the app
    # would show English everywhere (msgfmt, used by hand, compiles it anyway).
    fuzzy = [
        str(path)
        for locale in ("zh_Hans", "zh_Hant")
        for path, catalogue in catalogues(locale)
        if catalogue.fuzzy
    ]
    assert not fuzzy, fuzzy
