"""Reporters' identities are stored encrypted (Fernet: AES-128-CBC with an HMAC).

The key comes from ZZ_REPORTER_KEY (or the file named by ZZ_REPORTER_KEY_FILE); older keys stay
readable through ZZ_REPORTER_OLD_KEYS so that a key can be rotated without losing old reports.
Without a configured key (development and tests only, enforced in settings) a key is derived from
SECRET_KEY, so that a demo works out of the box.
"""

from __future__ import annotations

import base64
import hashlib
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings


def _derived_key() -> bytes:
    digest = hashlib.sha256(b"zhengzhi-reporter-key:" + settings.SECRET_KEY.encode()).digest()
    return base64.urlsafe_b64encode(digest)


@lru_cache(maxsize=1)
def _fernet() -> MultiFernet:
    keys = [settings.REPORTER_KEY.encode()] if settings.REPORTER_KEY else [_derived_key()]
    keys += [k.encode() for k in settings.REPORTER_OLD_KEYS]
    return MultiFernet([Fernet(k) for k in keys])


def reset() -> None:
    """For tests that change the key settings."""
    _fernet.cache_clear()


def encrypt(text: str) -> str:
    if not text:
        return ""
    return _fernet().encrypt(text.encode()).decode()


def decrypt(token: str) -> str:
    """The plain text; an unreadable token (a lost key) gives a marker, never an exception."""
    if not token:
        return ""
    try:
        return _fernet().decrypt(token.encode()).decode()
    except InvalidToken:
        return "\ufffd"


def mask_phone(phone: str) -> str:
    """138****1234: enough for a reporter to recognise, not enough to call."""
    digits = "".join(c for c in phone if c.isdigit())
    if len(digits) >= 7:
        return digits[:3] + "*" * (len(digits) - 7) + digits[-4:]
    return "*" * len(digits)


def mask_name(name: str) -> str:
    """张三 -> 张*; 欧阳娜娜 -> 欧***."""
    name = name.strip()
    return name[:1] + "*" * (len(name) - 1) if name else ""
