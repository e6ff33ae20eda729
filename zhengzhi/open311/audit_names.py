"""Open311 audit actions, by name (see zhengzhi/audit/names.py)."""

from django.utils.translation import gettext_lazy as _

NAMES = {
    "open311.key.issue": _("Open311 API key issued"),
    "open311.key.revoke": _("Open311 API key revoked"),
}
