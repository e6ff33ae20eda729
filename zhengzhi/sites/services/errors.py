from django.utils.translation import gettext_lazy as _

from zhengzhi.core.errors import Refusal


class SiteError(Refusal):
    """A change the registry refuses, with a reason for the user; `errors` by field if any."""


class StaleSite(SiteError):
    code = "stale"

    def __init__(self):
        super().__init__(
            _("Someone changed this site since you opened it: look at it again before saving."),
            "stale",
        )
