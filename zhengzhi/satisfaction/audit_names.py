"""Satisfaction audit actions, by name (see zhengzhi/audit/names.py)."""

from django.utils.translation import gettext_lazy as _

NAMES = {
    "satisfaction.call": _("Follow-up call recorded"),
    "demo.calls": _("Demo follow-up calls loaded"),
}
