from zhengzhi.campaigns.views.edit import campaign_edit, campaign_group, campaign_phases
from zhengzhi.campaigns.views.pages import (
    campaign_detail,
    campaign_document,
    campaign_list,
    campaign_status,
    pledges,
    task_detail,
)
from zhengzhi.campaigns.views.report import report_correct, report_form, report_home
from zhengzhi.campaigns.views.sheet import sheet, sheet_docx, sheet_xlsx
from zhengzhi.campaigns.views.task_edit import (
    task_budget,
    task_create,
    task_edit,
    task_milestones,
    task_units,
)
from zhengzhi.campaigns.views.templates import (
    campaign_export_template,
    template_download,
    template_edit,
    template_list,
)
from zhengzhi.campaigns.views.wizard import wizard_pick, wizard_plan

__all__ = [
    "campaign_detail",
    "campaign_document",
    "campaign_edit",
    "campaign_export_template",
    "campaign_group",
    "campaign_list",
    "campaign_phases",
    "campaign_status",
    "pledges",
    "report_correct",
    "report_form",
    "report_home",
    "sheet",
    "sheet_docx",
    "sheet_xlsx",
    "task_budget",
    "task_create",
    "task_detail",
    "task_edit",
    "task_milestones",
    "task_units",
    "template_download",
    "template_edit",
    "template_list",
    "wizard_pick",
    "wizard_plan",
]
