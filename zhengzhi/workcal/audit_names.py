"""The working calendar's audit actions, by name (see zhengzhi/audit/names.py)."""

from django.utils.translation import gettext_lazy as _

NAMES = {
    "calendar.set_day": _("Calendar day set"),
    "calendar.remove_day": _("Calendar day removed"),
}
