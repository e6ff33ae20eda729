"""Campaigns' audit actions, by name (see zhengzhi/audit/names.py)."""

from django.utils.translation import gettext_lazy as _

NAMES = {
    "campaign.create": _("Campaign created"),
    "campaign.from_template": _("Campaign created from a template"),
    "campaign.update": _("Campaign changed"),
    "campaign.draft": _("Campaign set back to preparation"),
    "campaign.active": _("Campaign started"),
    "campaign.closed": _("Campaign closed"),
    "campaign.phases": _("Campaign phases changed"),
    "campaign.group": _("Leading group changed"),
    "campaign.document": _("Campaign document added"),
    "campaign.task.create": _("Task added"),
    "campaign.task.update": _("Task changed"),
    "campaign.task.units": _("Reporting units changed"),
    "campaign.task.milestones": _("Milestones changed"),
    "campaign.report.submit": _("Progress reported"),
    "campaign.report.correct": _("Progress report corrected"),
    "campaign.missing": _("Missing reports listed"),
    "campaign.pledges": _("Pledges drawn up"),
    "campaign.pledge.redraw": _("Pledge re-drawn"),
    "campaign.pledge.sign": _("Pledge signed"),
    "campaign.template.save": _("Campaign template saved"),
    "campaign.sheet.export": _("Dispatch sheet exported"),
}
