"""What a service refuses: one base for every app's error, so that pages and the API read the
same three things from any of them."""

from __future__ import annotations


class Refusal(Exception):
    """A change refused for a reason the user can act on.

    `message`: the reason, for the user (a lazy translation is fine); `code`: which kind of
    refusal (the API's error code; each app sets its default); `field`: the form field it is
    about, if one; `errors`: reasons by field when several fields are wrong at once."""

    code = "refused"

    def __init__(
        self,
        message,
        code: str | None = None,
        field: str | None = None,
        errors: dict | None = None,
    ) -> None:
        super().__init__(str(message))
        self.message = message
        self.field = field
        self.errors = errors or {}
        if code:
            self.code = code
