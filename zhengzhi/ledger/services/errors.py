from django.utils.translation import gettext_lazy as _

from zhengzhi.core.errors import Refusal


class MoveError(Refusal):
    """A move that may not be made: wrong role, wrong unit, wrong state, or bad input."""


class StaleAction(MoveError):
    """Someone else moved the problem first; the user must look at it again."""

    code = "stale"

    def __init__(self, message=None):
        super().__init__(
            message
            or _("This problem has moved on since you opened it: look at it again before acting."),
            "stale",
        )
