from django.utils.translation import gettext_lazy as _


class MoveError(Exception):
    """A move that may not be made: wrong role, wrong unit, wrong state, or bad input."""

    code = "refused"

    def __init__(self, message, code: str | None = None):
        super().__init__(str(message))
        self.message = message
        if code:
            self.code = code


class StaleAction(MoveError):
    """Someone else moved the problem first; the user must look at it again."""

    code = "stale"

    def __init__(self, message=None):
        super().__init__(
            message
            or _("This problem has moved on since you opened it: look at it again before acting."),
            "stale",
        )
