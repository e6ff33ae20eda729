"""Accounts' audit actions, by name (see zhengzhi/audit/names.py)."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

NAMES = {
    "login.success": _("Signed in"),
    "login.failure": _("Sign-in failed"),
    "login.locked": _("Account locked after failed sign-ins"),
    "password.change": pgettext_lazy("audit", "Password changed"),
    "password.reset": _("Password reset"),
    "password.disable": _("Password sign-in disabled"),
    "token.create": _("API token created"),
    "token.revoke": _("API token revoked"),
    "user.create": _("User created"),
    "user.update": _("User changed"),
    "user.deactivate": _("User deactivated"),
    "user.reactivate": _("User reactivated"),
    "user.delete": _("User deleted"),
    "user.unlock": _("User unlocked"),
    "user.language": _("Language chosen"),
}
