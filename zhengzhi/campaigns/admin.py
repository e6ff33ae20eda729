"""Campaigns in the Django admin: to look up, not to change.

Campaigns, tasks and pledges change through campaigns.services, which check the office's
rights, the optimistic version and the status rules, and write the audit row; the admin would
do none of that. Progress reports in particular are corrected with correct_report, which keeps
the old row. So every page here is read-only, like the units' and the audit log's.

The lists stay fast on a county's hundreds of thousands of reports: the units, tasks and users
shown are joined in the list's one query, filters are on plain columns (a filter on a unit or a
task would list every one of them), the newest rows come first by primary key, and the full
count is not taken twice.
"""

from django.contrib import admin, messages
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _

from zhengzhi.campaigns.models import (
    Assignment,
    Campaign,
    GroupMember,
    Milestone,
    Phase,
    Pledge,
    ProgressReport,
    Task,
)


class ReadOnly:
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyAdmin(ReadOnly, admin.ModelAdmin):
    show_full_result_count = False
    list_per_page = 50

    def changelist_view(self, request, extra_context=None):
        if request.method == "GET":
            messages.info(
                request,
                format_html(
                    '{} <a href="{}">{}</a>',
                    _(
                        "Campaigns are read-only here: plan and change them, and correct "
                        "reports, on the campaign pages, where every change is checked and "
                        "audited."
                    ),
                    reverse("campaigns:list"),
                    _("Open the campaign pages"),
                ),
            )
        return super().changelist_view(request, extra_context)


class ReadOnlyInline(ReadOnly, admin.TabularInline):
    extra = 0
    show_change_link = False


class PhaseInline(ReadOnlyInline):
    model = Phase
    fields = ("order", "name", "starts_on", "ends_on", "aim")


class GroupMemberInline(ReadOnlyInline):
    model = GroupMember
    fields = ("order", "role", "person", "post", "unit")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("unit")


@admin.register(Campaign)
class CampaignAdmin(ReadOnlyAdmin):
    list_display = ("name", "kind", "status", "starts_on", "ends_on", "scope_unit", "office_unit")
    list_filter = ("status", "kind")
    list_select_related = ("scope_unit", "office_unit")
    search_fields = ("name",)
    ordering = ("-starts_on", "-id")
    inlines = [PhaseInline, GroupMemberInline]


class MilestoneInline(ReadOnlyInline):
    model = Milestone
    fields = ("due_on", "value", "note")


class AssignmentInline(ReadOnlyInline):
    model = Assignment
    fields = ("unit", "target")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("unit")


@admin.register(Task)
class TaskAdmin(ReadOnlyAdmin):
    list_display = ("title", "campaign", "order", "lead_unit", "deadline", "target", "frequency")
    list_filter = ("frequency", "is_key_project", "campaign__status")
    list_select_related = ("campaign", "lead_unit")
    search_fields = ("title", "campaign__name")
    ordering = ("-id",)
    inlines = [MilestoneInline, AssignmentInline]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("campaign", "lead_unit", "phase")


@admin.register(ProgressReport)
class ProgressReportAdmin(ReadOnlyAdmin):
    list_display = (
        "id",
        "period",
        "slot",
        "unit",
        "task",
        "figure",
        "late",
        "is_current",
        "submitted_at",
        "submitted_by",
    )
    list_filter = ("is_current", "late")
    list_select_related = ("unit", "task", "submitted_by")
    # "=id" finds one report at once; the names are searched only when asked for.
    search_fields = ("=id", "unit__name", "task__title")
    ordering = ("-id",)

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("unit", "task", "campaign", "submitted_by", "assignment", "replaces")
        )


@admin.register(Pledge)
class PledgeAdmin(ReadOnlyAdmin):
    list_display = ("campaign", "unit", "status", "is_current", "signatory", "signed_on")
    list_filter = ("status", "is_current")
    list_select_related = ("campaign", "unit")
    search_fields = ("campaign__name", "unit__name", "signatory")
    ordering = ("-id",)
