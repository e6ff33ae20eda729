"""Accountability's models, one module a subject: the ladder (rules, records), the assessment's
scheme, red and black lists, the campaign report, supervision groups; a finalised assessment
lives beside the assessment's code."""

from zhengzhi.accountability.assessment.models import AssessmentResult
from zhengzhi.accountability.models.groups import SupervisionGroup
from zhengzhi.accountability.models.ladder import (
    DOCUMENT_NAMES,
    KIND_TRIGGERS,
    AssessmentLevel,
    LadderRule,
    Record,
    RecordDocument,
    RecordKind,
    RecordProblem,
    RecordStatus,
    RulePeriod,
    Trigger,
    default_shares,  # named by migration 0001
)
from zhengzhi.accountability.models.lists import (
    Board,
    Consequence,
    ConsequenceRule,
    DecisionStatus,
    ListBasis,
    ListEntry,
    ListFrequency,
    ListRule,
    ListSubject,
)
from zhengzhi.accountability.models.reports import CampaignReport, ReportStatus
from zhengzhi.accountability.models.schemes import AssessmentScheme

__all__ = [
    "DOCUMENT_NAMES",
    "KIND_TRIGGERS",
    "AssessmentLevel",
    "AssessmentResult",
    "AssessmentScheme",
    "Board",
    "CampaignReport",
    "Consequence",
    "ConsequenceRule",
    "DecisionStatus",
    "LadderRule",
    "ListBasis",
    "ListEntry",
    "ListFrequency",
    "ListRule",
    "ListSubject",
    "Record",
    "RecordDocument",
    "RecordKind",
    "RecordProblem",
    "RecordStatus",
    "ReportStatus",
    "RulePeriod",
    "SupervisionGroup",
    "Trigger",
    "default_shares",
]
