from zhengzhi.campaigns.models.campaigns import (
    Campaign,
    CampaignKind,
    CampaignStatus,
    DocumentKind,
    GroupMember,
    GroupRole,
    Phase,
)
from zhengzhi.campaigns.models.problems import CampaignProblem
from zhengzhi.campaigns.models.reports import (
    AlertKind,
    CampaignTemplate,
    Pledge,
    PledgeStatus,
    ProgressReport,
    SlotAlert,
)
from zhengzhi.campaigns.models.tasks import Assignment, Frequency, Milestone, Task, is_countable

__all__ = [
    "AlertKind",
    "Assignment",
    "Campaign",
    "CampaignKind",
    "CampaignProblem",
    "CampaignStatus",
    "CampaignTemplate",
    "DocumentKind",
    "Frequency",
    "GroupMember",
    "GroupRole",
    "Milestone",
    "Phase",
    "Pledge",
    "PledgeStatus",
    "ProgressReport",
    "SlotAlert",
    "Task",
    "is_countable",
]
