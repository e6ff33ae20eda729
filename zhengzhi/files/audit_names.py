"""Files' audit actions, by name (see zhengzhi/audit/names.py)."""

from django.utils.translation import gettext_lazy as _

NAMES = {
    "file.upload": _("File uploaded"),
    "file.attach": _("File attached"),
}
