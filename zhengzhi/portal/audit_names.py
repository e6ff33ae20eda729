"""Portal audit actions, by name (see zhengzhi/audit/names.py)."""

from django.utils.translation import gettext_lazy as _

NAMES = {
    "demo.seed": _("Demo data loaded"),
}
