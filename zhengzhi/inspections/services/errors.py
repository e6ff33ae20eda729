"""What an inspection service refuses, with a reason for the user and a code for the API."""

from __future__ import annotations


class InspectionError(Exception):
    def __init__(self, message, code: str = "invalid") -> None:
        super().__init__(str(message))
        self.message = message
        self.code = code
