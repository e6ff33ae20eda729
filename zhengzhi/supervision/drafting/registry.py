"""The sections of a bulletin, in order. Each `Section`:

- `part`: under which of the three headings of seed 004 it is printed: "progress" (一、进展情况)
  or "problems" (二、存在的主要问题); the office's own text opens each heading, and the third
  (三、意见和建议) is the office's text alone;
- `build(ctx)`: the facts of the period as JSON-able data, or None when the section has nothing
  to say (no campaign, no inspections); stored in `Edition.data[key]`;
- `write(doc, data, ctx)`: its part of the .docx, from that data only;
- `template`: its block in the draft's page (context: `data`, `edition`).

Apps add sections by registering one here (in their AppConfig.ready). The shipped ones
(sections.py) take orders 10–30 under "progress" and 40 and 60 under "problems"; the
inspections app's "inspection results and the worst findings" goes at order 50, between the
overdue problems and the typical problems.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

PARTS = ("progress", "problems")


@dataclass(frozen=True)
class Section:
    key: str
    part: str
    order: int
    title: Any  # a lazy translation; the document prints `heading` (Chinese, as issued)
    heading: str
    build: Callable[[Any], dict | None]
    write: Callable[[Any, dict, Any], None]
    template: str


_sections: dict[str, Section] = {}


def register_section(section: Section) -> None:
    if section.part not in PARTS:
        raise ValueError(f"unknown part {section.part!r}")
    _sections[section.key] = section


def unregister_section(key: str) -> None:
    _sections.pop(key, None)


def sections(part: str | None = None) -> list[Section]:
    out = sorted(_sections.values(), key=lambda s: (s.order, s.key))
    return [s for s in out if part is None or s.part == part]
