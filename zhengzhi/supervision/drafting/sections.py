"""The shipped sections of a bulletin: the period's figures, the campaign's tasks, the unit
ranking with its formula (一、进展情况), the overdue and rebounding problems and the typical
problems with their photos (二、存在的主要问题). Each builder reads the facts once; each writer
prints from the stored data only."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from zhengzhi.ledger.models import (
    RUNNING_STATUSES,
    EventKind,
    Problem,
    ProblemEvent,
    Status,
)
from zhengzhi.supervision.drafting import docx_parts as w
from zhengzhi.supervision.drafting.registry import Section, register_section

TOP_OVERDUE = 20  # problems listed by name; the counts cover them all
CANDIDATES = 40  # typical problems offered to the office


def _pct(value) -> str:
    return "—" if value is None else f"{100 * value:.1f}%"


# ---- the period's figures -------------------------------------------------------------------


def build_figures(ctx) -> dict:
    """New and closed in the period and overdue now over every unit; the on-time closure of
    the units ranked (the ranking's own totals, so the two sections agree)."""
    start, end = ctx.period.start, ctx.period.end
    # A problem the office holds (a covert finding not yet released) is not counted: the
    # bulletin goes to the units that must not know of it.
    live = Problem.objects.exclude(status=Status.MERGED).filter(held=False)
    counts = {
        "new": live.filter(reported_at__gte=start, reported_at__lt=end).count(),
        "closed": live.filter(closed_at__gte=start, closed_at__lt=end).count(),
        "overdue": live.filter(status__in=RUNNING_STATUSES, due_at__lt=ctx.now).count(),
    }
    total = ctx.ranking().total
    return counts | {
        "on_time": total["closed_on_time"],
        "assessed": total["on_time_base"],
        "on_time_rate": total["on_time_rate"],
    }


def write_figures(doc, data: dict, ctx) -> None:
    w.paragraph(
        doc,
        f"本期新发现问题{data['new']}个，办结{data['closed']}个；参与排名单位应办结"
        f"{data['assessed']}个中按时办结{data['on_time']}个，按时办结率{_pct(data['on_time_rate'])}；"
        f"截至发稿，超期未办结问题{data['overdue']}个。",
    )


# ---- the campaign's tasks ---------------------------------------------------------------------


def build_tasks(ctx) -> dict | None:
    from zhengzhi.campaigns.sheet import build_sheet

    if ctx.campaign is None:
        return None
    sheet = build_sheet(ctx.campaign, ctx.end, user=ctx.user, now=ctx.now, with_series=False)
    rows = [
        {
            "title": t.title,
            "lead": t.lead_unit,
            "target": str(t.target),
            "done": str(t.cumulative),
            "expected": str(t.expected),
            "percent": None if t.percent is None else float(t.percent),
            "standing": t.standing,
            "standing_label": t.standing_label,
            "behind": [u.unit_name for u in t.units if u.standing == "behind"],
        }
        for t in sheet.tasks
    ]
    return {"campaign": ctx.campaign.name, "tasks": rows}


def write_tasks(doc, data: dict, ctx) -> None:
    behind = [t for t in data["tasks"] if t["standing"] == "behind"]
    w.paragraph(
        doc,
        f"{data['campaign']}共{len(data['tasks'])}项任务，"
        + (f"{len(behind)}项滞后于序时进度。" if behind else "均达到序时进度。"),
    )
    w.table(
        doc,
        ["任务", "牵头单位", "目标", "完成", "序时进度", "完成率", "状态"],
        [
            [
                t["title"],
                t["lead"],
                t["target"],
                t["done"],
                t["expected"],
                "—" if t["percent"] is None else f"{t['percent']:.0f}%",
                t["standing_label"],
            ]
            for t in data["tasks"]
        ],
    )
    for t in behind:
        if t["behind"]:
            w.paragraph(doc, f"“{t['title']}”滞后单位：{'、'.join(t['behind'])}。")


# ---- the unit ranking ---------------------------------------------------------------------------


def build_ranking(ctx) -> dict:
    from zhengzhi.ledger.indicators.ranking import COMPONENTS

    result = ctx.ranking()
    weights = result.weights
    parts = [
        (rate, int(getattr(weights, field)), higher)
        for rate, field, higher in COMPONENTS
        if getattr(weights, field)
    ]
    return {
        "level": ctx.series.ranking_level,
        "weights": [[r, wt, h] for r, wt, h in parts],
        "strength": weights.prior_strength,
        "min_volume": weights.min_volume,
        "rows": [
            {
                "place": r["place"],
                "unit_id": r["unit_id"],
                "unit": r["unit_name"],
                "score": round(r["score"], 2),
                "assessed": r["assessed"],
                "on_time_rate": r["on_time_rate"],
                "closure_rate": r["closure_rate"],
                "overdue_now": r.get("overdue_now", 0),
            }
            for r in result.ranked
        ],
        "too_few": [r["unit_name"] for r in result.too_few],
    }


RATE_NAMES = {
    "on_time_rate": "按时办结率",
    "closure_rate": "办结率",
    "rework_rate": "返工率",
    "return_rate": "退回率",
    "extension_rate": "延期率",
    "satisfaction_rate": "满意率",
}


def formula_text(data: dict) -> str:
    terms = "＋".join(
        f"{wt}×{RATE_NAMES.get(rate, rate)}"
        if higher
        else f"{wt}×（1－{RATE_NAMES.get(rate, rate)}）"
        for rate, wt, higher in data["weights"]
    )
    total = sum(wt for _r, wt, _h in data["weights"]) or 1
    return (
        f"得分＝100×（{terms}）÷{total}。各项比率按（分子＋{data['strength']}×全区平均）÷"
        f"（分母＋{data['strength']}）平滑；应办结问题少于{data['min_volume']}个的单位不参与排名。"
    )


def write_ranking(doc, data: dict, ctx) -> None:
    rows = data["rows"]
    if rows:
        w.paragraph(
            doc,
            f"本期参与排名单位{len(rows)}个，前三名：{'、'.join(r['unit'] for r in rows[:3])}；"
            f"后三名：{'、'.join(r['unit'] for r in rows[-3:][::-1])}。",
        )
    w.paragraph(doc, "计分办法：" + formula_text(data))
    w.table(
        doc,
        ["名次", "单位", "得分", "应办结", "按时办结率", "办结率", "超期"],
        [
            [
                r["place"],
                r["unit"],
                f"{r['score']:.2f}",
                r["assessed"],
                _pct(r["on_time_rate"]),
                _pct(r["closure_rate"]),
                r["overdue_now"],
            ]
            for r in rows
        ],
    )
    if data["too_few"]:
        w.paragraph(doc, f"问题数不足未排名：{'、'.join(data['too_few'])}。")


# ---- overdue and rebounding problems ------------------------------------------------------------


def _problem_row(p: Problem, ctx) -> dict:
    days = (ctx.now - p.due_at).days if p.due_at else 0
    return {
        "id": p.pk,
        "number": p.number,
        "unit_id": p.owner_unit_id,
        "unit": p.owner_unit.name if p.owner_unit else "",
        "category": p.category.name,
        "address": p.address,
        "description": p.description[:80],
        "days": days,
    }


def build_overdue(ctx) -> dict:
    overdue = Problem.objects.filter(status__in=RUNNING_STATUSES, due_at__lt=ctx.now)
    by_unit = list(
        overdue.values("owner_unit_id", "owner_unit__name")
        .annotate(n=Count("pk"))
        .order_by("-n", "owner_unit__name")
    )
    worst = overdue.select_related("owner_unit", "category").order_by("due_at", "pk")
    reopened = ProblemEvent.objects.filter(
        kind=EventKind.REOPEN, at__gte=ctx.period.start, at__lt=ctx.period.end
    ).values("problem_id")
    rebound = (
        Problem.objects.filter(pk__in=reopened)
        .select_related("owner_unit", "category")
        .order_by("-recurrence_count", "pk")
    )
    return {
        "total": sum(r["n"] for r in by_unit),
        "by_unit": [
            {"unit_id": r["owner_unit_id"], "unit": r["owner_unit__name"] or "", "n": r["n"]}
            for r in by_unit
        ],
        "worst": [_problem_row(p, ctx) for p in worst[:TOP_OVERDUE]],
        "rebound": [_problem_row(p, ctx) for p in rebound[:TOP_OVERDUE]],
    }


def write_overdue(doc, data: dict, ctx) -> None:
    if not data["total"]:
        w.paragraph(doc, "截至发稿，无超期未办结问题。")
    else:
        units = "、".join(f"{r['unit']}{r['n']}个" for r in data["by_unit"][:10])
        w.paragraph(doc, f"截至发稿，超期未办结问题{data['total']}个，其中{units}。")
        w.table(
            doc,
            ["编号", "责任单位", "类别", "地点", "超期天数"],
            [
                [p["number"], p["unit"], p["category"], p["address"], p["days"]]
                for p in data["worst"]
            ],
        )
    if data["rebound"]:
        w.paragraph(doc, f"本期反弹（销号后复发）问题{len(data['rebound'])}个：")
        w.table(
            doc,
            ["编号", "责任单位", "类别", "地点"],
            [[p["number"], p["unit"], p["category"], p["address"]] for p in data["rebound"]],
        )


# ---- typical problems with before and after photos ---------------------------------------------


def build_typical(ctx) -> dict:
    from zhengzhi.files.models import FileKind, StoredFile

    owner_type = ContentType.objects.get_for_model(Problem)
    photos = StoredFile.objects.filter(owner_type=owner_type, kind=FileKind.IMAGE)
    closed = (
        Problem.objects.filter(
            status=Status.CLOSED,
            closed_at__gte=ctx.period.start,
            closed_at__lt=ctx.period.end,
            pk__in=photos.filter(purpose="before").values("owner_id"),
        )
        .filter(pk__in=photos.filter(purpose="after").values("owner_id"))
        .select_related("owner_unit", "category")
        .order_by("priority", "-report_count", "pk")[:CANDIDATES]
    )
    rows = {p.pk: _problem_row(p, ctx) | {"before": "", "after": ""} for p in closed}
    for f in photos.filter(owner_id__in=list(rows), purpose__in=("before", "after")).order_by(
        "created_at", "pk"
    ):
        row = rows[int(f.owner_id or 0)]
        if not row[f.purpose]:
            row[f.purpose] = str(f.pk)
    return {"candidates": list(rows.values())}


def chosen(data: dict, choices: list[int]) -> list[dict]:
    by_id = {c["id"]: c for c in data.get("candidates", [])}
    return [by_id[i] for i in choices if i in by_id]


def write_typical(doc, data: dict, ctx) -> None:
    rows = chosen(data, ctx.photo_choices)
    if not rows:
        return
    w.paragraph(doc, "本期典型问题整改前后对比如下：")
    for i, p in enumerate(rows, 1):
        w.paragraph(doc, f"{i}．{p['unit']}，{p['address'] or p['category']}：{p['description']}")
        w.photo_pair(doc, ctx.photo_bytes(p["before"]), ctx.photo_bytes(p["after"]))


def register_builtin() -> None:
    for section in (
        Section(
            "figures",
            "progress",
            10,
            _("The period's figures"),
            "问题办理总体情况",
            build_figures,
            write_figures,
            "supervision/sections/figures.html",
        ),
        Section(
            "tasks",
            "progress",
            20,
            _("Progress of the campaign's tasks"),
            "重点任务推进情况",
            build_tasks,
            write_tasks,
            "supervision/sections/tasks.html",
        ),
        Section(
            "ranking",
            "progress",
            30,
            _("Unit ranking"),
            "单位排名",
            build_ranking,
            write_ranking,
            "supervision/sections/ranking.html",
        ),
        Section(
            "overdue",
            "problems",
            40,
            _("Overdue and rebounding problems"),
            "超期和反弹问题",
            build_overdue,
            write_overdue,
            "supervision/sections/overdue.html",
        ),
        Section(
            "typical",
            "problems",
            60,
            _("Typical problems, before and after"),
            "典型问题",
            build_typical,
            write_typical,
            "supervision/sections/typical.html",
        ),
    ):
        register_section(section)
