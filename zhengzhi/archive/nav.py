"""The archive's entry in the main navigation, from the user's roles alone (no query)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from zhengzhi.core.roles import Role


def archive_nav(user) -> list[tuple]:
    if not user.has_role(
        Role.OFFICE_ADMIN, Role.LEADER, Role.DISPATCHER, Role.HANDLER, Role.UNIT_LEADER
    ):
        return []
    return [(_("Decomposition and evidence"), reverse("archive:list"))]
