from zhengzhi.inspections.models.checklists import (
    Checklist,
    ChecklistItem,
    ChecklistVersion,
    PlaceKind,
    Scoring,
)
from zhengzhi.inspections.models.followups import FollowUpRule, MissedProblem, RuleKind
from zhengzhi.inspections.models.plans import COVERT_KINDS, Plan, PlanKind, PlanStatus, Window
from zhengzhi.inspections.models.vectors import VectorCheck, VectorKind
from zhengzhi.inspections.models.visits import Answer, Result, Visit, VisitStatus

__all__ = [
    "COVERT_KINDS",
    "Answer",
    "Checklist",
    "ChecklistItem",
    "ChecklistVersion",
    "FollowUpRule",
    "MissedProblem",
    "PlaceKind",
    "Plan",
    "PlanKind",
    "PlanStatus",
    "Result",
    "RuleKind",
    "Scoring",
    "VectorCheck",
    "VectorKind",
    "Visit",
    "VisitStatus",
    "Window",
]
