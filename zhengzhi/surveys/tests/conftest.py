from zhengzhi.ledger.tests.conftest import staff  # noqa: F401
