"""Standards audit actions, by name (see zhengzhi/audit/names.py)."""

from django.utils.translation import gettext_lazy as _

NAMES = {
    "standards.loaded": _("Shipped standards loaded"),
    "standards.version.copied": _("Standard copied for local rules"),
    "standards.version.updated": _("Standard version changed"),
    "standards.prerequisites.copied": _("Prerequisites copied into local rules"),
    "standards.indicator.updated": _("Indicator rule changed"),
    "standards.measure.updated": _("Indicator lead department or frequency changed"),
    "standards.value.entered": _("Indicator value entered"),
    "standards.value.corrected": _("Indicator value corrected"),
    "standards.value.confirmed": _("Indicator value confirmed"),
    "standards.value.returned": _("Indicator value returned"),
    "standards.value.filled": _("Indicator value filled from facts"),
    "standards.campaign.set": _("Campaign standard and review date set"),
    "demo.standards": _("Demo standards and indicator values loaded"),
}
