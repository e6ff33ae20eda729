"""Registering a site where the registering user may see it: a community registers in its own
territory, a department the kinds it supervises. (The roster import checks rows its own way.)"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from zhengzhi.sites.models import Site
from zhengzhi.sites.scope import can_change_sites, visible_sites
from zhengzhi.sites.services.errors import SiteError
from zhengzhi.sites.services.sites import register_site


@transaction.atomic
def register_in_scope(actor, **fields: Any) -> Site:
    if not can_change_sites(actor):
        raise SiteError(_("You may not register sites."), "not_allowed")
    site = register_site(actor, **fields)
    if not visible_sites(actor).filter(pk=site.pk).exists():
        # Rolls the site back: the user would register a site they could not see again.
        raise SiteError(
            _("This point lies outside your area, and the kind is not one you supervise."),
            "point",
        )
    return site
