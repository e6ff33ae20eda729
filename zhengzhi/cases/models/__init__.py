"""Enforcement cases (执法案件): capability 7. See docs/cases.md."""

from zhengzhi.cases.models.cases import (
    Case,
    CaseSequence,
    CaseState,
    CaseTransfer,
    GoodsUnit,
    Outcome,
    SeizedGoods,
    TransferBody,
)
from zhengzhi.cases.models.rules import (
    CaseSettings,
    CaseType,
    DestructionBatch,
    LicenceConsequence,
    Operation,
    Recheck,
    RecheckRule,
    YearFigures,
)

__all__ = [
    "Case",
    "CaseSequence",
    "CaseSettings",
    "CaseState",
    "CaseTransfer",
    "CaseType",
    "DestructionBatch",
    "GoodsUnit",
    "LicenceConsequence",
    "Operation",
    "Outcome",
    "Recheck",
    "RecheckRule",
    "SeizedGoods",
    "TransferBody",
    "YearFigures",
]
