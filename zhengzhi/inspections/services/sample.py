"""The sample of a plan: a size per kind of place (or every place), drawn with a stored seed
from stored candidates so that anyone can re-do the draw; and the technical assessment's
minimum sample sizes (技术评估量化评价表, DOMAIN.md §3 [V S8]) as a preset of those sizes.

Candidates and draws are keyed by site kind code; the street stretches (segments) of a plan
are keyed by SEGMENTS, which no site kind code (a slug) can spell."""

from __future__ import annotations

import random
from dataclasses import dataclass

from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from zhengzhi.territory.models import Segment

SEGMENTS = "@segment"

SMALL, MEDIUM, LARGE = "small", "medium", "large"
SCALES = [
    (SMALL, _("Technical assessment, city under 500,000")),
    (MEDIUM, _("Technical assessment, city of 500,000 to 2 million")),
    (LARGE, _("Technical assessment, city over 2 million")),
]


@dataclass(frozen=True)
class AssessmentRow:
    """One line of the table: what the assessors visit and how many, by city size. `place` is
    where our registry holds such places (a site kind code or SEGMENTS); None when they are
    not places the registry knows (offices, hospitals, newspapers ...): the office adds those
    visits by hand, and the plan page says how many are still owed."""

    section: str
    label: str
    sizes: tuple[int, int, int]
    place: str | None = None


# Read from S8's 国家卫生城市技术评估重点内容 (minimum sample sizes by city population, in
# 10,000s: < 50 / 50-200 / > 200). The page is cut after 主次干道 in 市容环境卫生, so the rest of
# that section (and the sections after it) is not here: nothing is invented for them.
ASSESSMENT_ROWS: tuple[AssessmentRow, ...] = (
    AssessmentRow("爱国卫生组织管理", "市爱卫办", (1, 1, 2)),
    AssessmentRow("爱国卫生组织管理", "街道办事处", (1, 2, 2)),
    AssessmentRow("爱国卫生组织管理", "社区居委会", (2, 3, 4)),
    AssessmentRow("爱国卫生组织管理", "机关", (1, 1, 2)),
    AssessmentRow("爱国卫生组织管理", "企事业单位", (1, 2, 2)),
    AssessmentRow("健康教育和健康促进", "市级健康教育机构", (1, 1, 1)),
    AssessmentRow("健康教育和健康促进", "街道办事处", (1, 1, 1)),
    AssessmentRow("健康教育和健康促进", "社区居委会", (1, 1, 1)),
    AssessmentRow("健康教育和健康促进", "机关", (1, 1, 1)),
    AssessmentRow("健康教育和健康促进", "企事业单位", (1, 2, 2)),
    AssessmentRow("健康教育和健康促进", "学校", (1, 1, 1), "school"),
    AssessmentRow("健康教育和健康促进", "窗口单位", (1, 1, 2)),
    AssessmentRow("健康教育和健康促进", "新闻媒体", (2, 2, 2)),
    AssessmentRow("健康教育和健康促进", "医院", (1, 1, 1)),
    AssessmentRow("健康教育和健康促进", "社区卫生服务中心", (1, 1, 1)),
    AssessmentRow("市容环境卫生", "主次干道", (8, 12, 15), SEGMENTS),
)
# The table's own totals, for the page: the rows above are all that could be read of them.
# (Each section's own total is one more than its rows: the page also carries a worked example
# row, 市爱卫办(安庆) / 市级健康教育机构(安庆), 1 each, left out here.)
ASSESSMENT_TOTALS = {SMALL: 161, MEDIUM: 215, LARGE: 267}
_INDEX = {SMALL: 0, MEDIUM: 1, LARGE: 2}


@dataclass(frozen=True)
class Preset:
    sizes: dict[str, int]  # place -> n, summed over the rows that name it
    by_hand: list[tuple[str, str, int]]  # (section, label, n): not places of the registry
    total: int  # the table's total for the city size
    read: int  # how many of it the rows above account for


def preset(scale: str) -> Preset:
    i = _INDEX[scale]
    sizes: dict[str, int] = {}
    by_hand = []
    for row in ASSESSMENT_ROWS:
        n = row.sizes[i]
        if row.place is None:
            by_hand.append((row.section, row.label, n))
        else:
            sizes[row.place] = sizes.get(row.place, 0) + n
    read = sum(r.sizes[i] for r in ASSESSMENT_ROWS)
    return Preset(sizes, by_hand, ASSESSMENT_TOTALS[scale], read)


def size_of(kind: str, default: int | None, sizes: dict[str, int]) -> int | None:
    """The sample size of one kind: its own size, else the plan's size per kind (None: all).
    Street stretches take only their own: the stretches a plan names are all visited."""
    if kind == SEGMENTS:
        return sizes.get(kind)
    return sizes.get(kind, default)


def draw(
    cands: dict[str, list[int]],
    size: int | None,
    seed: int,
    sizes: dict[str, int] | None = None,
) -> dict[str, list[int]]:
    """Every place, or a size per kind drawn with `seed`: the same candidates, sizes and seed
    give the same draw, whoever re-does it. Kinds are drawn in code order from one generator."""
    sizes = sizes or {}
    if size is None and not sizes:
        return {k: list(v) for k, v in sorted(cands.items())}
    rng = random.Random(seed)
    out = {}
    for kind, ids in sorted(cands.items()):
        n = size_of(kind, size, sizes)
        out[kind] = list(ids) if n is None else sorted(rng.sample(ids, min(n, len(ids))))
    return out


def segment_candidates(plan) -> list[int]:
    """The stretches a plan samples from: those it names, else (when it asks for a number of
    them) the active stretches of its units."""
    chosen = list(plan.segments.order_by("pk").values_list("pk", flat=True))
    if chosen or SEGMENTS not in (plan.sample_sizes or {}):
        return chosen
    where = Q()
    for path in plan.units.values_list("path", flat=True):
        where |= Q(unit__path__startswith=path) | Q(community__path__startswith=path)
    qs = Segment.objects.filter(is_active=True)
    if where:
        qs = qs.filter(where)
    return list(qs.order_by("pk").values_list("pk", flat=True))


PLACE_NAMES = {SEGMENTS: pgettext_lazy("sample", "Street stretches")}
