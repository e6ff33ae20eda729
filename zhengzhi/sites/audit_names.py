"""Site registry audit actions, by name (see zhengzhi/audit/names.py)."""

from django.utils.translation import gettext_lazy as _

NAMES = {
    "sites.site.created": _("Site registered"),
    "sites.site.updated": _("Site changed"),
    "sites.site.status": _("Site status changed"),
    "sites.site.watched": _("Site put on the watch list"),
    "sites.site.unwatched": _("Site taken off the watch list"),
    "sites.roster.imported": _("Roster imported"),
    "sites.roster.mapping_saved": _("Roster column mapping saved"),
    "sites.survey.created": _("Survey created"),
    "sites.survey.submitted": _("Survey roster submitted"),
}
