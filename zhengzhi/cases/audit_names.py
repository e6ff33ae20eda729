"""Enforcement case audit actions, by name (see zhengzhi/audit/names.py)."""

from django.utils.translation import gettext_lazy as _

NAMES = {
    "cases.case.filed": _("Case filed"),
    "cases.case.investigated": _("Case investigation finished"),
    "cases.case.decided": _("Case penalty decided"),
    "cases.case.executed": _("Case penalty executed"),
    "cases.case.closed": _("Case closed"),
    "cases.case.transferred": _("Case transferred"),
    "cases.case.paid": _("Case fine paid"),
    "cases.transfer.outcome": _("Transferred case outcome recorded"),
    "cases.recheck.recorded": _("Recheck recorded"),
    "cases.rechecks.due": _("Recheck due notices sent"),
    "cases.rechecks.overdue": _("Recheck overdue notices sent"),
    "cases.operation.created": _("Enforcement operation recorded"),
    "cases.operation.updated": _("Enforcement operation changed"),
    "cases.destruction.recorded": _("Destruction batch recorded"),
    "cases.consequence.confirmed": _("Licence consequence confirmed"),
    "cases.consequence.dismissed": _("Licence consequence dismissed"),
    "cases.settings.updated": _("Case settings changed"),
    "cases.figures.saved": _("Yearly figures entered"),
    "cases.tables.export": _("Case tables exported"),
    "demo.cases": _("Demo cases loaded"),
}
