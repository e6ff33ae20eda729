import importlib
import os


def test_importing_the_browser_tests_leaves_the_environment_alone(monkeypatch):
    # Async-unsafe ORM calls are allowed only inside the browser fixture, never process-wide.
    monkeypatch.delenv("DJANGO_ALLOW_ASYNC_UNSAFE", raising=False)
    from zhengzhi.territory.tests import test_browser

    importlib.reload(test_browser)
    assert "DJANGO_ALLOW_ASYNC_UNSAFE" not in os.environ
