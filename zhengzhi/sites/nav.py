"""The site registry's entries in the navigation (portal.nav calls this)."""

from __future__ import annotations


def site_nav(user) -> list[tuple]:
    """(label, href) pairs the user may open; an empty list hides the group."""
    return []
