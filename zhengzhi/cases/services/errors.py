from django.utils.translation import gettext_lazy as _


class CaseError(Exception):
    """A change the cases app refuses, with a reason for the user; `errors` by field if any."""

    code = "refused"

    def __init__(self, message, code: str | None = None, errors: dict | None = None):
        super().__init__(str(message))
        self.message = message
        self.errors = errors or {}
        if code:
            self.code = code


class StaleCase(CaseError):
    code = "stale"

    def __init__(self):
        super().__init__(
            _("Someone changed this case since you opened it: look at it again before saving."),
            "stale",
        )
