import pytest


@pytest.fixture(autouse=True)
def _fast_password_history(settings):
    settings.DPV_DEFAULT_HISTORY_HASHER = "zhengzhi.accounts.tests.hashers.FastHistoryHasher"
