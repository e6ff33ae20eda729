"""Organisation audit actions, by name (see zhengzhi/audit/names.py)."""

from django.utils.translation import gettext_lazy as _

NAMES = {
    "unit.create": _("Unit created"),
    "unit.update": _("Unit changed"),
    "unit.deactivate": _("Unit deactivated"),
    "unit.reactivate": _("Unit reactivated"),
    "org.import": _("Units and users imported"),
}
