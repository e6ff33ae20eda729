"""The register's date filters: a date at the calendar's edge is named, not a 500; a filter that
cannot be read lists nothing and exports nothing, rather than the whole register."""

import pytest

from zhengzhi.rewards import services

pytestmark = pytest.mark.django_db
REGISTER, EXPORT = "/rewards/", "/rewards/export.xlsx"


@pytest.fixture
def office(client, settings, staff, closed, report_on):
    report = report_on(closed())
    services.propose(
        report_code=report.tracking_code,
        actor=staff["dispatcher"],
        amount="200",
        basis="首报属实",
        approver_id=staff["officelead"].pk,
    )
    client.force_login(staff["dispatcher"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.number = report.problem.number
    return client


@pytest.mark.parametrize("param", ["date_from", "date_to"])
@pytest.mark.parametrize("value", ["9999-12-31", "0001-01-01"])
def test_an_edge_date_is_named_and_lists_nothing(office, param, value):
    assert office.number in office.get(REGISTER).content.decode()
    response = office.get(REGISTER, {param: value})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Enter a date between 1900-01-01 and 9998-12-31." in html
    assert office.number not in html


@pytest.mark.parametrize("param", ["date_from", "date_to"])
@pytest.mark.parametrize("value", ["9999-12-31", "0001-01-01", "31/02/2026"])
def test_the_export_refuses_a_filter_it_cannot_read(office, param, value):
    response = office.get(EXPORT, {param: value})
    assert response.status_code == 400
    assert response.content.decode().startswith("Proposed")  # the filter, by its label


def test_a_readable_range_still_filters(office):
    assert office.number in office.get(REGISTER, {"date_from": "1900-01-01"}).content.decode()
    assert office.get(EXPORT, {"date_to": "9998-12-31"}).status_code == 200
