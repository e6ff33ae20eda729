"""Open311's GET requests are for anyone: they carry no reporter and no tracking code (with
which one could rate in the citizen's name). The case and the checks are public reporting's
(zhengzhi.public.tests.test_identity_leaks), applied to this app's endpoints."""

import pytest

from zhengzhi.ledger.tests.conftest import categories, grids, new_problem, staff  # noqa: F401
from zhengzhi.public.tests.conftest import public_report  # noqa: F401
from zhengzhi.public.tests.test_identity_leaks import case, leaks, secrets_of  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("who", [None, "handler"])
def test_the_requests_carry_no_reporter_and_no_tracking_code(client, case, staff, who):  # noqa: F811
    if who:
        client.force_login(staff[who])
    number = case["problem"].number
    urls = [
        "/open311/v2/requests.json",
        "/open311/v2/requests.xml",
        f"/open311/v2/requests/{number}.json",
        f"/open311/v2/requests/{number}.xml",
        f"/open311/v2/requests/{case['duplicate'].number}.json",
    ]
    secrets = secrets_of(case)
    answered = {}
    for url in urls:
        response = client.get(url)
        assert response.status_code < 500, url
        assert leaks(response.content, secrets) == [], url
        answered[url] = response.status_code
    assert answered["/open311/v2/requests.json"] == 200
    assert number in client.get("/open311/v2/requests.json").content.decode()  # it is listed
    assert answered[f"/open311/v2/requests/{number}.json"] == 200
