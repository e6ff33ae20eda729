"""Units in the Django admin: to look at, not to change. The unit pages change units through
org.services, which validate, audit and keep point routing current; the admin would do none of
that (treebeard's forms and drag-and-drop move write the tree directly)."""

from django.contrib import admin, messages
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from treebeard.admin import TreeAdmin

from zhengzhi.org.models import Unit


@admin.register(Unit)
class UnitAdmin(TreeAdmin):
    list_display = ("name", "code", "kind", "level", "division_code", "is_active")
    list_filter = ("kind", "level", "is_active")
    search_fields = ("name", "code", "division_code")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        if request.method == "GET" and not request.headers.get("HX-Request"):
            messages.info(
                request,
                format_html(
                    '{} <a href="{}">{}</a>',
                    _(
                        "Units are read-only here: create, change, move and deactivate them on "
                        "the unit pages, where every change is checked and audited."
                    ),
                    reverse("org:unit_list"),
                    _("Open the unit pages"),
                ),
            )
        return super().changelist_view(request, extra_context)
