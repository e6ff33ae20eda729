from zhengzhi.ledger.tests.conftest import categories, grids, new_problem, staff  # noqa: F401
from zhengzhi.satisfaction.tests.conftest import closed, report_on  # noqa: F401
