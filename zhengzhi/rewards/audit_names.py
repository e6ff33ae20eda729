"""Tip rewards' audit actions, by name (see zhengzhi/audit/names.py)."""

from django.utils.translation import gettext_lazy as _

NAMES = {
    "reward.propose": _("Reward proposed"),
    "reward.approve": _("Reward approved"),
    "reward.reject": _("Reward rejected"),
    "reward.pay": _("Reward paid"),
    "reward.export": _("Rewards exported"),
    "demo.rewards": _("Demo rewards loaded"),
    "demo.feedback": _("Demo feedback loaded"),
}
