"""Accountability audit actions, by name (see zhengzhi/audit/names.py)."""

from django.utils.translation import gettext_lazy as _

NAMES = {
    "accountability.rule.saved": _("Accountability rule saved"),
    "accountability.record.proposed": _("Accountability record proposed"),
    "accountability.record.issued": _("Accountability record approved and issued"),
    "accountability.record.dismissed": _("Accountability proposal dismissed"),
    "accountability.record.answered": _("Unit answered an accountability record"),
    "accountability.scheme.saved": _("Assessment scheme saved"),
}
