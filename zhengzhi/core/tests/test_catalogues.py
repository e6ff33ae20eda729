"""Django merges every app's catalogue into one: the same English text translated two ways in two
apps shows one app's words in the other's pages (a request "Pending" read 待发送, a notification's
state). Such texts need a context (pgettext) of their own."""

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
