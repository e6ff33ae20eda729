"""The site registry's API, scoped as the pages are (zhengzhi.sites.scope)."""

from ninja import Router

router = Router(tags=["sites"])
