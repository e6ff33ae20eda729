"""Job handlers by name. Apps register theirs in their tasks.py with @job("app.name")."""

from __future__ import annotations

from collections.abc import Callable

HANDLERS: dict[str, Callable[..., object]] = {}


def job(name: str):
    def decorator(fn):
        if name in HANDLERS and HANDLERS[name] is not fn:
            raise RuntimeError(f"job {name} registered twice")
        HANDLERS[name] = fn
        return fn

    return decorator
