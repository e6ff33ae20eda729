from django.utils.translation import gettext_lazy as _

from zhengzhi.core.errors import Refusal


class CampaignError(Refusal):
    """A change that may not be made: wrong role or unit, wrong state, or bad input."""


class Stale(CampaignError):
    code = "stale"

    def __init__(self):
        super().__init__(
            _("Someone changed this since you opened it: look at it again before saving."),
            "stale",
        )
