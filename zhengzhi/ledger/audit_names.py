"""The ledger's audit actions, by name (see zhengzhi/audit/names.py). A problem's moves are
named after its timeline's events ("problem.dispatch" -> 问题：已派遣)."""

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from zhengzhi.ledger.models.events import EventKind

NAMES = {
    **{
        f"problem.{kind}": format_lazy(_("Problem: {move}"), move=label)
        for kind, label in EventKind.choices
    },
    "problem.report": _("Problem recorded"),
    "problem.import": _("Problems imported"),
    "problem.lapsed": _("Problem: deferral lapsed"),
    "category.create": _("Category created"),
    "category.update": _("Category changed"),
    "category.load": _("Categories loaded"),
    "ledger.ranking_weights.update": _("Ranking weights changed"),
    "ledger.export": _("Ledger exported"),
    "ledger.ranking.export": _("Ranking exported"),
    "demo.ledger": _("Demo ledger loaded"),
}
