class SupervisionError(Exception):
    """A change refused for a reason the user can act on (`code`: which)."""

    def __init__(self, message, code: str = "invalid", field: str = "") -> None:
        super().__init__(message)
        self.message, self.code, self.field = message, code, field
