"""Inspection audit actions, by name (see zhengzhi/audit/names.py)."""

from django.utils.translation import gettext_lazy as _

NAMES = {
    "inspections.checklists.loaded": _("Shipped checklists loaded"),
    "inspections.checklist.versioned": _("Checklist version made"),
    "inspections.plan.created": _("Inspection plan created"),
    "inspections.plan.drawn": _("Inspection sample drawn"),
    "inspections.plan.released": _("Covert findings released"),
    "inspections.visit.added": _("Visit added by hand"),
    "inspections.visit.submitted": _("Visit submitted"),
    "inspections.rule.updated": _("Follow-up rule changed"),
    "inspections.followups.made": _("Follow-up visits and missed problems made"),
    "inspections.vector.recorded": _("Vector check recorded"),
    "demo.inspections": _("Demo inspections loaded"),
}
