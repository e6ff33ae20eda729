"""The red and black lists in the bulletins (supervision.drafting.registry): the entries the
office confirmed for periods ending within the edition's period, printed under 一、进展情况
after the ranking (order 35)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from zhengzhi.accountability.models import Board, DecisionStatus, ListEntry
from zhengzhi.supervision.drafting import docx_parts as w
from zhengzhi.supervision.drafting.registry import Section, register_section

KEY = "lists"


def build_lists(ctx) -> dict | None:
    entries = (
        ListEntry.objects.filter(
            status=DecisionStatus.CONFIRMED,
            period_end__gte=ctx.start,
            period_end__lte=ctx.end,
        )
        .select_related("rule")
        .order_by("rule__board", "rule__name", "period_start", "rank")
    )
    rows = [
        {
            "board": e.rule.board,
            "label": e.rule.label,
            "name": e.name,
            "score": str(e.score),
            "rank": e.rank,
            "unit_id": e.unit_id,
            "period": f"{e.period_start:%m.%d}–{e.period_end:%m.%d}",
        }
        for e in entries
    ]
    if not rows:
        return None
    return {
        "red": [r for r in rows if r["board"] == Board.RED],
        "black": [r for r in rows if r["board"] == Board.BLACK],
    }


def write_lists(doc, data: dict, ctx) -> None:
    for board, intro in (("red", "红榜"), ("black", "黑榜")):
        rows = data.get(board) or []
        if rows:
            w.paragraph(doc, f"{intro}：" + "、".join(f"{r['name']}（{r['label']}）" for r in rows))
            w.table(
                doc,
                ["榜单", "周期", "名次", "单位（点位）", "得分"],
                [[r["label"], r["period"], r["rank"], r["name"], r["score"]] for r in rows],
            )


def register() -> None:
    register_section(
        Section(
            KEY,
            "progress",
            35,
            _("Red and black lists"),
            "红黑榜",
            build_lists,
            write_lists,
            "accountability/sections/lists.html",
        )
    )
