class AccountabilityError(Exception):
    def __init__(self, message, code: str = "invalid", field: str | None = None):
        super().__init__(message)
        self.message, self.code, self.field = message, code, field
