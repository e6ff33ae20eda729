"""The one error of the public side: bad input from a citizen or an Open311 client.

`code` is stable (the Open311 POST maps it to its error list, the page to a field); `message` is
for the person, translated; `field` names the form field it belongs to, when there is one.
"""

from __future__ import annotations


class PublicReportError(Exception):
    CODES = (
        "invalid_category",  # unknown, inactive or not open to the public
        "out_of_area",  # the point is outside the jurisdiction
        "no_place",  # neither a point nor an address
        "no_description",
        "too_many_photos",
        "bad_photo",  # not a photo, damaged, too large
        "invalid",  # anything else that is malformed
        "not_found",  # no report with this tracking code
        "not_allowed",  # e.g. rating a problem that is not closed, or rating twice
    )

    def __init__(self, message, code: str = "invalid", field: str | None = None):
        super().__init__(str(message))
        self.message = message
        self.code = code if code in self.CODES else "invalid"
        self.field = field

    def __repr__(self) -> str:
        return f"PublicReportError({self.code!r}, {str(self.message)!r}, field={self.field!r})"
