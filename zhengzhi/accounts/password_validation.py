"""Password rules Django's own validators miss.

CommonPasswordValidator compares whole passwords only, so `Password123!` passes although it is
"password" with the digits and symbol a composition rule asks for. DisguisedCommonPasswordValidator
strips digits and symbols from both ends, undoes light leetspeak (P@ssw0rd), and checks the core
against the same list. SequencePasswordValidator refuses a password that is mostly keyboard rows,
runs (1234, abcd, 13579, 9876) or one repeated character.
"""

from __future__ import annotations

import re
from functools import cached_property

from django.contrib.auth.password_validation import CommonPasswordValidator
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# Shorter cores match too much of the list ("abc", "love") to say anything about the password.
MIN_CORE = 4
_ENDS = re.compile(r"^[\W\d_]*(.*?)[\W\d_]*$", re.DOTALL)
# "1" reads as i or l; each table is tried.
_LEET = [
    str.maketrans(
        {
            "@": "a",
            "4": "a",
            "0": "o",
            "1": "i",
            "3": "e",
            "$": "s",
            "5": "s",
            "7": "t",
            "!": "i",
            "+": "t",
        }
    ),
    str.maketrans(
        {
            "@": "a",
            "4": "a",
            "0": "o",
            "1": "l",
            "3": "e",
            "$": "s",
            "5": "s",
            "7": "t",
            "!": "l",
            "+": "t",
        }
    ),
]


class DisguisedCommonPasswordValidator:
    """A common password with digits or symbols added before or after, or in leetspeak."""

    @cached_property
    def passwords(self) -> set[str]:
        return CommonPasswordValidator().passwords

    def cores(self, password: str) -> set[str]:
        lowered = password.lower()
        stripped = _ENDS.match(lowered).group(1)
        found = {stripped}
        for table in _LEET:
            leet = lowered.translate(table)
            found.add(leet)
            found.add(_ENDS.match(leet).group(1))
            # leetspeak inside, plain digits and symbols at the ends: P@ssw0rd2026!
            found.add(stripped.translate(table))
        return {c for c in found if len(c) >= MIN_CORE}

    def validate(self, password: str, user=None) -> None:
        if self.cores(password) & self.passwords:
            raise ValidationError(
                _("This password is a common password with digits or symbols added."),
                code="password_disguised_common",
            )

    def get_help_text(self) -> str:
        return _("Your password can't be a common password with digits or symbols added.")


KEYBOARD_ROWS = ("1234567890", "qwertyuiop", "asdfghjkl", "zxcvbnm")
# A run this long counts; the password is refused when runs cover at least half of it.
MIN_RUN = 4


def _steps(a: str, b: str) -> set[tuple]:
    steps = set()
    for row in KEYBOARD_ROWS:
        if a in row and b in row and abs(row.index(b) - row.index(a)) == 1:
            steps.add((row, row.index(b) - row.index(a)))
    letters = a.isascii() and a.isalpha() and b.isascii() and b.isalpha()
    if (a.isdigit() and b.isdigit()) or letters:
        step = ord(b) - ord(a)
        if abs(step) <= 2:  # 0: repeats (1111); 1: runs (1234, dcba); 2: strides (13579, 2468)
            steps.add(("ord", step))
    return steps


def sequence_share(password: str) -> float:
    """The share of the password's characters that lie in runs of MIN_RUN or more."""
    text = password.lower()
    covered = [False] * len(text)
    i = 0
    while i < len(text) - 1:
        common = _steps(text[i], text[i + 1])
        j = i + 1
        while common and j + 1 < len(text):
            nxt = common & _steps(text[j], text[j + 1])
            if not nxt:
                break
            common, j = nxt, j + 1
        if common and j - i + 1 >= MIN_RUN:
            covered[i : j + 1] = [True] * (j - i + 1)
            i = j
        else:
            i += 1
    return sum(covered) / len(text) if text else 0.0


class SequencePasswordValidator:
    """A password that is mostly keyboard or number sequences (qwerty, asdfgh, 123456, 13579)."""

    def validate(self, password: str, user=None) -> None:
        if sequence_share(password) >= 0.5:
            raise ValidationError(
                _("This password is mostly a keyboard or number sequence."),
                code="password_sequence",
            )

    def get_help_text(self) -> str:
        return _("Your password can't be mostly a keyboard or number sequence.")
