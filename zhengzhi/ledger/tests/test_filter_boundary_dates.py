"""A date filter at the edge of the calendar (9999-12-31, 0001-01-01) cannot become a query: its
day after, or its midnight in UTC, is past what Python counts (OverflowError, a 500). The pages,
the count and the exports name it as they name any unreadable filter, and list nothing."""

import pytest

from zhengzhi.ledger.selectors import filter_errors, filter_problems

pytestmark = pytest.mark.django_db

DATE_FILTERS = ("date_from", "date_to", "closed_from", "closed_to", "due_from", "due_to")
EDGES = ("9999-12-31", "0001-01-01")
LIST, COUNT, EXPORTS = "/ledger/problems/", "/ledger/problems/count/", "/ledger/exports/"


@pytest.fixture
def handler(client, settings, staff, new_problem):
    client.problem = new_problem()  # not empty: "nothing listed" must mean something
    client.force_login(staff["handler"])  # any signed-in user reaches these pages
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.mark.parametrize("param", [*DATE_FILTERS, "dispatched_from", "returned_to"])
@pytest.mark.parametrize("value", EDGES)
def test_the_filters_name_an_edge_date_and_query_nothing_past_it(staff, param, value):
    errors = filter_errors({param: value})
    assert set(errors) == {param} and value in errors[param] and "1900-01-01" in errors[param]
    filter_problems(staff["admin"], {param: value}).count()  # no OverflowError


@pytest.mark.parametrize("param", DATE_FILTERS)
@pytest.mark.parametrize("value", EDGES)
def test_the_list_names_an_edge_date_and_lists_nothing(handler, param, value):
    response = handler.get(LIST, {param: value})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="filter-errors"' in html and "Not a date between 1900-01-01" in html
    assert value in html.split('id="filter-errors"')[1].split("</li>")[0]
    assert handler.problem.number not in html
    assert handler.problem.number in handler.get(LIST).content.decode()


@pytest.mark.parametrize("value", EDGES)
def test_the_count_of_an_edge_date_is_none(handler, value):
    response = handler.get(COUNT, {"date_to": value})
    assert response.status_code == 200


@pytest.mark.parametrize("value", EDGES)
def test_the_export_page_and_the_export_refuse_an_edge_date(handler, value):
    response = handler.get(EXPORTS, {"closed_to": value})
    assert response.status_code == 200 and value in response.content.decode()
    response = handler.post(EXPORTS, {"due_from": value})
    assert response.status_code == 400 and value in response.content.decode()
