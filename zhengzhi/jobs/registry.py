"""Job handlers by name. Apps register theirs in their tasks.py with @job("app.name")."""

from __future__ import annotations

from collections.abc import Callable

HANDLERS: dict[str, Callable[..., object]] = {}
# Jobs that run outside one transaction: long exports that report progress as they go. They
# must be idempotent on their own (e.g. write their file again from the start).
NON_ATOMIC: set[str] = set()


def job(name: str, *, atomic: bool = True):
    def decorator(fn):
        if name in HANDLERS and HANDLERS[name] is not fn:
            raise RuntimeError(f"job {name} registered twice")
        HANDLERS[name] = fn
        if not atomic:
            NON_ATOMIC.add(name)
        return fn

    return decorator
