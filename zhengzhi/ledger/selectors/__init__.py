"""Reading the ledger: the list's filters, keyset pagination and the work queue by role.

Everything starts from `visible_problems(user)`, so another unit's problem never shows. Other
parts of the ledger (API, exports, indicators' drill-downs, the bench) import from here.
"""

from zhengzhi.ledger.selectors.filters import (
    DUE_SOON,
    FILTER_PARAMS,
    day_start,
    due_soon_q,
    filter_errors,
    filter_params,
    filter_problems,
    overdue_q,
)
from zhengzhi.ledger.selectors.paging import (
    LIST_ORDER,
    KeysetPage,
    capped_count,
    keyset_page,
    make_cursor,
    parse_cursor,
)
from zhengzhi.ledger.selectors.queue import (
    Section,
    count_sections,
    queue_sections,
    section_problems,
)

__all__ = [
    "DUE_SOON",
    "FILTER_PARAMS",
    "LIST_ORDER",
    "KeysetPage",
    "Section",
    "capped_count",
    "count_sections",
    "day_start",
    "due_soon_q",
    "filter_errors",
    "filter_params",
    "filter_problems",
    "keyset_page",
    "make_cursor",
    "overdue_q",
    "parse_cursor",
    "queue_sections",
    "section_problems",
]
