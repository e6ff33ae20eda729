"""The unified social credit code (统一社会信用代码), GB 32100-2015.

Eighteen characters from the 31-character set 0-9 and A-Z without I, O, Z, S and V: a
registration authority code, an entity type, a six-digit division code, the nine-character
organisation code (itself with a GB 11714 check character) and a check character computed
modulo 31 over the first seventeen with fixed weights.
"""

from __future__ import annotations

CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_VALUE = {c: i for i, c in enumerate(CHARSET)}
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
LENGTH = 18


def check_character(first17: str) -> str:
    """The 18th character for the first seventeen (which must be in CHARSET)."""
    total = sum(_VALUE[c] * w for c, w in zip(first17, WEIGHTS, strict=True))
    return CHARSET[(31 - total % 31) % 31]


def normalise(code: str) -> str:
    """Upper case without spaces: how offices' sheets usually differ from the canonical form."""
    return "".join(code.split()).upper()


def problem(code: str) -> str | None:
    """None if the (normalised) code is valid, else a short English reason (translated by the
    caller's message catalogue: see validators.validate_credit_code)."""
    if len(code) != LENGTH:
        return "length"
    bad = [c for c in code if c not in _VALUE]
    if bad:
        return "character"
    if check_character(code[:17]) != code[17]:
        return "check"
    return None


def is_valid(code: str) -> bool:
    return problem(normalise(code)) is None
