from zhengzhi.ledger.models.categories import Category, CategoryKind, LimitUnit, Priority
from zhengzhi.ledger.models.events import EventKind, ProblemAlert, ProblemEvent, ProblemRequest
from zhengzhi.ledger.models.problems import (
    OPEN_STATUSES,
    RUNNING_STATUSES,
    UNFINISHED_STATUSES,
    Pending,
    Problem,
    ProblemSequence,
    Source,
    Status,
)
from zhengzhi.ledger.models.ranking import RankingWeights

__all__ = [
    "OPEN_STATUSES",
    "RUNNING_STATUSES",
    "UNFINISHED_STATUSES",
    "Category",
    "CategoryKind",
    "EventKind",
    "LimitUnit",
    "Pending",
    "Priority",
    "Problem",
    "ProblemAlert",
    "ProblemEvent",
    "ProblemRequest",
    "ProblemSequence",
    "RankingWeights",
    "Source",
    "Status",
]
