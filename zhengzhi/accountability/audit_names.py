"""Accountability audit actions, by name (see zhengzhi/audit/names.py)."""

from django.utils.translation import gettext_lazy as _

NAMES = {
    "accountability.rule.saved": _("Accountability rule saved"),
    "accountability.record.proposed": _("Accountability record proposed"),
    "accountability.record.issued": _("Accountability record approved and issued"),
    "accountability.record.dismissed": _("Accountability proposal dismissed"),
    "accountability.record.answered": _("Unit answered an accountability record"),
    "accountability.scheme.saved": _("Assessment scheme saved"),
    "accountability.assessment.finalised": _("Assessment finalised"),
    "accountability.assessment.reopened": _("Finalised assessment reopened"),
    "demo.accountability": _("Demo accountability loaded"),
    "accountability.report.generated": _("Campaign summary report generated"),
    "accountability.report.edited": _("Campaign summary report edited"),
    "accountability.report.approved": _("Campaign summary report approved and issued"),
    "accountability.report.pdf_retried": _("Campaign summary report PDF retried"),
    "accountability.list.proposed": _("Red or black list entry proposed"),
    "accountability.list.confirmed": _("Red or black list entry confirmed"),
    "accountability.list.dismissed": _("Red or black list entry dismissed"),
    "accountability.consequence.proposed": _("Consequence of a black flag proposed"),
    "accountability.consequence.confirmed": _("Consequence of a black flag confirmed"),
    "accountability.consequence.dismissed": _("Consequence of a black flag dismissed"),
    "accountability.list_rule.saved": _("List rule saved"),
    "accountability.list_rule.deactivated": _("List rule deactivated"),
    "accountability.list_rule.reactivated": _("List rule reactivated"),
    "accountability.consequence_rule.saved": _("Consequence rule saved"),
    "accountability.consequence_rule.deactivated": _("Consequence rule deactivated"),
    "accountability.consequence_rule.reactivated": _("Consequence rule reactivated"),
    "accountability.group.saved": _("Supervision group saved"),
    "accountability.group.deactivated": _("Supervision group deactivated"),
    "accountability.group.reactivated": _("Supervision group reactivated"),
}
