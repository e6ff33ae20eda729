"""Strict environment parsing for settings.

Every setting comes from an environment variable. A value that does not parse stops start-up with
a message naming the variable, so a typo in a service file never silently becomes a default.
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured
from environs import Env, EnvError

env = Env()


class SettingsError(ImproperlyConfigured):
    pass


def _wrap(fn, name: str, *args, **kwargs):
    try:
        return fn(name, *args, **kwargs)
    except EnvError as exc:
        raise SettingsError(f"Bad value for environment variable {name}: {exc}") from None


def envbool(name: str, default: bool) -> bool:
    return _wrap(env.bool, name, default)


def envint(name: str, default: int, *, minimum: int | None = None) -> int:
    value = _wrap(env.int, name, default)
    if minimum is not None and value < minimum:
        raise SettingsError(f"Bad value for environment variable {name}: must be >= {minimum}")
    return value


def envstr(name: str, default: str | None = None) -> str | None:
    return _wrap(env.str, name, default)


def envlist(name: str, default: list[str]) -> list[str]:
    return [v for v in _wrap(env.list, name, default) if v]


def envsecret(name: str) -> str | None:
    """Reads NAME, or the contents of the file named by NAME_FILE (for Docker/systemd secrets)."""
    value = os.environ.get(name)
    path = os.environ.get(f"{name}_FILE")
    if value and path:
        raise SettingsError(f"Set only one of {name} and {name}_FILE")
    if path:
        try:
            return Path(path).read_text(encoding="utf-8").strip() or None
        except OSError as exc:
            raise SettingsError(f"Cannot read {name}_FILE={path}: {exc}") from None
    return value or None


def envdb(name: str, default: str) -> dict:
    try:
        return env.dj_db_url(name, default)
    except (EnvError, ValueError) as exc:
        raise SettingsError(f"Bad value for environment variable {name}: {exc}") from None


def envchoice(name: str, default: str, choices: tuple[str, ...]) -> str:
    value = envstr(name, default) or default
    if value not in choices:
        raise SettingsError(
            f"Bad value for environment variable {name}: {value!r}, expected one of {choices}"
        )
    return value


def envemail(name: str) -> dict:
    """An SMTP URL such as smtp+tls://user:password@mail.gov.local:587."""
    try:
        config = env.dj_email_url(name)
        config["EMAIL_BACKEND"]  # an unknown scheme parses to a dict without a backend
    except (EnvError, ValueError, KeyError) as exc:
        raise SettingsError(
            f"Bad value for environment variable {name}: {exc!s} "
            "(expected e.g. smtp+tls://user:password@host:587)"
        ) from None
    return config


def envurl(name: str, schemes: tuple[str, ...]) -> str:
    value = envstr(name, "") or ""
    if value and urlsplit(value).scheme not in schemes:
        raise SettingsError(
            f"Bad value for environment variable {name}: {value!r} should start with "
            + " or ".join(f"{s}://" for s in schemes)
        )
    return value
