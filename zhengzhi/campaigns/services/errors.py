from django.utils.translation import gettext_lazy as _


class CampaignError(Exception):
    """A change that may not be made: wrong role or unit, wrong state, or bad input."""

    code = "refused"

    def __init__(self, message, code: str | None = None, field: str | None = None):
        super().__init__(str(message))
        self.message = message
        self.field = field
        if code:
            self.code = code


class Stale(CampaignError):
    code = "stale"

    def __init__(self):
        super().__init__(
            _("Someone changed this since you opened it: look at it again before saving."),
            "stale",
        )
