from zhengzhi.core.errors import Refusal


class SupervisionError(Refusal):
    """A change refused for a reason the user can act on (`code`: which)."""

    code = "invalid"
