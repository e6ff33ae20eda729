"""Site registry audit actions, by name (see zhengzhi/audit/names.py)."""

from django.utils.translation import gettext_lazy as _

NAMES = {
    "sites.site.created": _("Site registered"),
    "sites.site.updated": _("Site changed"),
    "sites.site.status": _("Site status changed"),
    "sites.site.watched": _("Site put on the watch list"),
    "sites.site.unwatched": _("Site taken off the watch list"),
    "sites.licence.added": _("Licence added to a site"),
    "sites.licence.renewed": _("Site licence renewed"),
    "sites.kind.updated": _("Site kind changed"),
    "sites.kind.created": _("Site kind created"),
    "sites.export": _("Site list exported"),
    "sites.licences.expiring": _("Licence expiry notices sent"),
    "sites.licences.expired": _("Licence expired notices sent"),
    "sites.watch.rule": _("Watch-list rule changed"),
    "sites.watch.proposed": _("Sites proposed for the watch list"),
    "sites.watch.confirmed": _("Watch-list proposal confirmed"),
    "sites.watch.dismissed": _("Watch-list proposal dismissed"),
    "demo.sites": _("Demo site registry loaded"),
    "sites.roster.imported": _("Roster imported"),
    "sites.roster.mapping_saved": _("Roster column mapping saved"),
    "sites.survey.created": _("Survey created"),
    "sites.survey.submitted": _("Survey roster submitted"),
}
