"""System audit actions, by name (see zhengzhi/audit/names.py)."""

from django.utils.translation import gettext_lazy as _

NAMES = {
    "system.backup": _("Backup made"),
    "system.restore": _("Backup restored"),
}
