"""The ledger's pages: the work queue, the list, the problem page with its actions, recording."""

from zhengzhi.ledger.views.batch import batch_dispatch
from zhengzhi.ledger.views.detail import act, detail
from zhengzhi.ledger.views.lists import ledger_count, ledger_list, queue
from zhengzhi.ledger.views.record import record

__all__ = ["act", "batch_dispatch", "detail", "ledger_count", "ledger_list", "queue", "record"]
