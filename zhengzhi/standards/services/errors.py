from django.core.exceptions import ValidationError


class StandardsError(ValidationError):
    """A change refused, with a reason for the user (pages show it, the API answers 4xx)."""
