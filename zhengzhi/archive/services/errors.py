from zhengzhi.core.errors import Refusal


class ArchiveError(Refusal):
    """A change refused for a reason the user can act on (`code`: which)."""

    code = "invalid"
