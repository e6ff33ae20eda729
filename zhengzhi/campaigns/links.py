"""Buttons other apps add to a campaign's page, registered in their AppConfig.ready (the apps
above campaigns plug in here; campaigns never imports them): fn(user, campaign) returns
(label, url) or None."""

from __future__ import annotations

from collections.abc import Callable

CampaignLink = Callable[[object, object], "tuple[str, str] | None"]
_LINKS: list[CampaignLink] = []


def register_campaign_link(link: CampaignLink) -> None:
    if link not in _LINKS:
        _LINKS.append(link)


def campaign_links(user, campaign) -> list[tuple[str, str]]:
    return [found for link in _LINKS if (found := link(user, campaign)) is not None]
