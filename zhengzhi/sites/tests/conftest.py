import pytest


@pytest.fixture(autouse=True)
def shipped_kinds(request):
    """The shipped site kinds, as the data migration leaves them. A browser test (live server)
    earlier on the same worker flushes every table, migration data included: put them back."""
    if "django_db" not in {m.name for m in request.node.iter_markers()} and not any(
        name in request.fixturenames for name in ("db", "transactional_db", "live_server")
    ):
        yield  # a test without the database (the credit-code check, the declarations)
        return
    transactional = any(
        name in request.fixturenames for name in ("transactional_db", "live_server")
    )
    request.getfixturevalue("transactional_db" if transactional else "db")
    from zhengzhi.sites.models import SiteKind
    from zhengzhi.sites.services.kinds import load_site_kinds

    if not SiteKind.objects.exists():
        load_site_kinds()
    yield
