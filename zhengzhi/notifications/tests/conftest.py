import pytest


@pytest.fixture
def reachable(people):
    """The community handler with an e-mail address and a phone number."""
    handler = people["handler"]
    handler.email = "handler@example.gov.cn"
    handler.phone = "13800000001"
    handler.save(update_fields=["email", "phone"])
    return handler


@pytest.fixture
def send_now(django_capture_on_commit_callbacks):
    """Runs what notify() queued: the jobs are handed to the (immediate) worker after commit."""

    def run(fn, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return fn(*args, **kwargs)

    return run
