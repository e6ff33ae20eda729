"""Job handlers by name. Apps register theirs in their tasks.py with @job("app.name", label=...)."""

from __future__ import annotations

from collections.abc import Callable

HANDLERS: dict[str, Callable[..., object]] = {}
# Jobs that run outside one transaction: long exports that report progress as they go. They
# must be idempotent on their own (e.g. write their file again from the start).
NON_ATOMIC: set[str] = set()
# What each job is called on the system page, in the reader's language (lazily translated).
LABELS: dict[str, object] = {}


def job(name: str, *, atomic: bool = True, label=None):
    def decorator(fn):
        if name in HANDLERS and HANDLERS[name] is not fn:
            raise RuntimeError(f"job {name} registered twice")
        HANDLERS[name] = fn
        if not atomic:
            NON_ATOMIC.add(name)
        if label is not None:
            LABELS[name] = label
        return fn

    return decorator


def job_label(name: str) -> str:
    """The job's name for people; its code when it has none (or is no longer registered)."""
    label = LABELS.get(name)
    return str(label) if label is not None else name
