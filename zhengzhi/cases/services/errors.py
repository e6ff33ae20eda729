from django.utils.translation import gettext_lazy as _

from zhengzhi.core.errors import Refusal


class CaseError(Refusal):
    """A change the cases app refuses, with a reason for the user; `errors` by field if any."""


class StaleCase(CaseError):
    code = "stale"

    def __init__(self):
        super().__init__(
            _("Someone changed this case since you opened it: look at it again before saving."),
            "stale",
        )
