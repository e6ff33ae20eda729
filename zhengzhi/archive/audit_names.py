"""Archive audit actions, by name (see zhengzhi/audit/names.py)."""

from django.utils.translation import gettext_lazy as _

NAMES = {
    "archive.table.built": _("Decomposition table built from the standard"),
    "archive.duty.assigned": _("Decomposition row assigned"),
    "archive.cycle.set": _("Archive review cycle set"),
    "archive.requirement.declared": _("Evidence requirement declared"),
    "archive.evidence.uploaded": _("Evidence uploaded"),
    "archive.evidence.accepted": _("Evidence accepted"),
    "archive.evidence.returned": _("Evidence returned"),
    "archive.evidence.filled": _("Evidence filled from the platform's records"),
    "archive.reminded": _("Archive reminders sent before the review"),
    "archive.export": _("Archive exported"),
    "demo.archive": _("Demo decomposition table and archive loaded"),
}
