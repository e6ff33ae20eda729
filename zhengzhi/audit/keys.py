"""The keys that sign the audit chain (HMAC-SHA256).

The key comes from ZZ_AUDIT_KEY (or the file named by ZZ_AUDIT_KEY_FILE) and lives outside the
database: whoever holds only the database cannot recompute a row's signature. Each signed row names
its key by a short fingerprint, so that after a rotation (the old key moved to ZZ_AUDIT_OLD_KEYS)
the rows it signed still verify. Without a configured key (development and tests only, enforced in
settings) a key is derived from SECRET_KEY, so that a demo works out of the box.
"""

from __future__ import annotations

import hashlib
import hmac
from functools import lru_cache

from django.conf import settings


def key_id(key: bytes) -> str:
    """A fingerprint that names a key without revealing it."""
    return hashlib.sha256(b"zhengzhi-audit-key-id:" + key).hexdigest()[:12]


@lru_cache(maxsize=1)
def _keys() -> tuple[str, dict[str, bytes]]:
    if settings.AUDIT_KEY:
        current = settings.AUDIT_KEY.encode()
    else:
        current = hashlib.sha256(b"zhengzhi-audit-key:" + settings.SECRET_KEY.encode()).digest()
    known = {key_id(k.encode()): k.encode() for k in settings.AUDIT_OLD_KEYS}
    known[key_id(current)] = current
    return key_id(current), known


def reset() -> None:
    """For tests that change the key settings."""
    _keys.cache_clear()


def current_id() -> str:
    return _keys()[0]


def sign(message: bytes, kid: str | None = None) -> str:
    """The HMAC of message under the key named kid (the current key by default). Raises KeyError
    for a key that is not configured."""
    current, known = _keys()
    return hmac.new(known[kid or current], message, hashlib.sha256).hexdigest()


def is_known(kid: str) -> bool:
    return kid in _keys()[1]


def check(message: bytes, kid: str, mac: str) -> bool:
    if not is_known(kid):
        return False
    return hmac.compare_digest(sign(message, kid), mac)
