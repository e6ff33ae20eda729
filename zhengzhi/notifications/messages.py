"""Notification texts kept as their message ids and parameters, so that each reader sees them in
their own language, whenever they read them (a notification written for a Chinese office stays
readable when its reader switches to English).

A sender passes a Message for the subject or body:
    Message(gettext_noop("New problem %(number)s to handle"), {"number": "W2026-0012"})
    Message(gettext_noop("%(count)d problem is overdue"), {"count": 3},
            plural=gettext_noop("%(count)d problems are overdue"), count=3)
notify() stores it on the notification (params) next to the text rendered for the recipient
then, which stays the fallback: for rows written before params existed, and for a message id
that later left the catalogues.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import get_language, gettext, ngettext, npgettext, pgettext


@dataclass(frozen=True)
class Message:
    text: str  # the msgid (English)
    params: dict[str, Any] = field(default_factory=dict)
    plural: str = ""
    count: int | None = None
    context: str = ""

    def _template(self) -> str:
        if self.plural:
            n = int(self.count or 0)
            if self.context:
                return npgettext(self.context, self.text, self.plural, n)
            return ngettext(self.text, self.plural, n)
        return pgettext(self.context, self.text) if self.context else gettext(self.text)

    def render(self) -> str:
        template = self._template()
        return template % self.params if self.params else template

    def is_translated(self) -> bool:
        """False when the active language is not English and the catalogues lack the text."""
        if (get_language() or "en").startswith("en"):
            return True
        return self._template() not in (self.text, self.plural)

    def to_json(self) -> dict:
        data: dict[str, Any] = {"text": self.text}
        if self.params:
            data["params"] = self.params
        if self.plural:
            data.update(plural=self.plural, count=self.count)
        if self.context:
            data["context"] = self.context
        return data

    @classmethod
    def from_json(cls, data: dict) -> Message:
        return cls(
            text=str(data["text"]),
            params=dict(data.get("params") or {}),
            plural=str(data.get("plural") or ""),
            count=data.get("count"),
            context=str(data.get("context") or ""),
        )


def render_stored(spec: Any, fallback: str) -> str:
    """A stored message in the active language; the stored text when there is none, or it
    cannot be rendered (unknown text, parameters that no longer fit)."""
    if not isinstance(spec, dict) or "text" not in spec:
        return fallback
    try:
        message = Message.from_json(spec)
        if not message.is_translated():
            return fallback
        return message.render()
    except (KeyError, TypeError, ValueError):
        return fallback
