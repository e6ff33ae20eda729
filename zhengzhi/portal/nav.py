from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from zhengzhi.accountability.nav import accountability_nav
from zhengzhi.archive.nav import archive_nav
from zhengzhi.campaigns.nav import campaign_nav
from zhengzhi.cases.nav import case_nav
from zhengzhi.core.roles import Role
from zhengzhi.inspections.nav import inspection_nav
from zhengzhi.ledger.views.nav import ledger_nav
from zhengzhi.sites.nav import site_nav
from zhengzhi.standards.nav import standards_nav
from zhengzhi.supervision.nav import supervision_nav


class NavGroup:
    """A folding menu of the main navigation: the office holds twenty pages, which in one row
    wrap to three lines. A group of one is shown as its page."""

    def __init__(self, label, items: list[tuple], path: str):
        self.label, self.items = label, items
        self.is_current = any(path == href for _label, href in items)


def _group(label, items: list[tuple], path: str) -> list:
    if len(items) > 1:
        return [NavGroup(label, items, path)]
    return items


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    items: list = [(_("Home"), reverse("portal:home"))]
    items += ledger_nav(user)
    items += campaign_nav(user)
    items.append((_("Territory map"), reverse("territory:map")))
    items += _group(_("Sites"), site_nav(user), request.path)
    items += _group(_("Cases"), case_nav(user), request.path)
    items += _group(_("Inspections"), inspection_nav(user), request.path)
    items += _group(_("Standards"), standards_nav(user) + archive_nav(user), request.path)
    items += _group(
        _("Supervision"), supervision_nav(user) + accountability_nav(user), request.path
    )
    # Public reporting: what citizens say, and what the office does about it.
    public = []
    if user.has_role(Role.OFFICE_ADMIN, Role.LEADER, Role.DISPATCHER, Role.FOLLOWUP):
        public.append((_("Satisfaction"), reverse("satisfaction:rates")))
    if user.has_role(Role.OFFICE_ADMIN, Role.FOLLOWUP):
        public.append((_("Follow-up calls"), reverse("satisfaction:queue")))
    if user.has_role(Role.OFFICE_ADMIN, Role.DISPATCHER, Role.UNIT_LEADER):
        public.append((_("Tip rewards"), reverse("rewards:register")))
    if user.has_role(Role.OFFICE_ADMIN):
        public.append((_("Questionnaires"), reverse("surveys:list")))
    items += _group(_("Citizens"), public, request.path)
    # Leaders and unit leaders read the unit, user and grid pages within their scope.
    system = []
    if user.has_role(Role.OFFICE_ADMIN, Role.LEADER, Role.UNIT_LEADER, Role.DISPATCHER):
        system += [
            (_("Units"), reverse("org:unit_list")),
            (_("Users"), reverse("accounts:user_list")),
            (_("Grids"), reverse("territory:grid_list")),
        ]
    if user.has_role(Role.OFFICE_ADMIN):
        system += [
            (_("Problem categories"), reverse("ledger:categories")),
            (_("Working calendar"), reverse("workcal:year")),
            (_("Open311 keys"), reverse("open311:keys")),
            (_("Audit log"), reverse("audit:event_list")),
            (_("System"), reverse("system:system")),
        ]
    items += _group(_("Administration"), system, request.path)
    return {"nav_items": items}
