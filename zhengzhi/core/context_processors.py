from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from zhengzhi.accounts.roles import Role
from zhengzhi.campaigns.nav import campaign_nav
from zhengzhi.ledger.views.nav import ledger_nav


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    items = [(_("Home"), reverse("core:home"))]
    items += ledger_nav(user)
    items += campaign_nav(user)
    items.append((_("Territory map"), reverse("territory:map")))
    # Leaders and unit leaders read the unit, user and grid pages within their scope.
    if user.has_role(Role.OFFICE_ADMIN, Role.LEADER, Role.UNIT_LEADER, Role.DISPATCHER):
        items += [
            (_("Units"), reverse("org:unit_list")),
            (_("Users"), reverse("accounts:user_list")),
            (_("Grids"), reverse("territory:grid_list")),
        ]
    # Public reporting: what citizens say, and what the office does about it.
    if user.has_role(Role.OFFICE_ADMIN, Role.LEADER, Role.DISPATCHER, Role.FOLLOWUP):
        items.append((_("Satisfaction"), reverse("satisfaction:rates")))
    if user.has_role(Role.OFFICE_ADMIN, Role.FOLLOWUP):
        items.append((_("Follow-up calls"), reverse("satisfaction:queue")))
    if user.has_role(Role.OFFICE_ADMIN, Role.DISPATCHER, Role.UNIT_LEADER):
        items.append((_("Tip rewards"), reverse("rewards:register")))
    if user.has_role(Role.OFFICE_ADMIN):
        items += [
            (_("Questionnaires"), reverse("surveys:list")),
            (_("Open311 keys"), reverse("open311:keys")),
            (_("Problem categories"), reverse("ledger:categories")),
            (_("Working calendar"), reverse("workcal:year")),
            (_("Audit log"), reverse("audit:event_list")),
            (_("System"), reverse("core:system")),
        ]
    return {"nav_items": items}
