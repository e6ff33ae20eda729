"""Every paginated list of the API bounds its paging (core.pagination.BoundedPagination): a value
past what the database holds is a 422 naming the parameter, never a 500."""

import pytest

from zhengzhi.core.pagination import MAX_LIMIT, MAX_OFFSET

HUGE = "9223372036854775808"  # 2^63: one past SQLite's and PostgreSQL's largest integer


def _paginated_paths(client) -> list[str]:
    schema = client.get("/api/v1/openapi.json").json()
    return sorted(
        path
        for path, item in schema["paths"].items()
        if "get" in item
        and {p["name"] for p in item["get"].get("parameters", [])} >= {"offset", "limit"}
    )


@pytest.mark.django_db
def test_the_paginated_lists_are_those_known(client):
    # A new paginated list is covered by the tests below without naming it; this only makes
    # sure the walk over the schema finds the lists at all.
    paths = _paginated_paths(client)
    for path in (
        "/api/v1/territory/grids",
        "/api/v1/territory/segments",
        "/api/v1/org/units",
        "/api/v1/notifications/",
        "/api/v1/accounts/users",
    ):
        assert path in paths


@pytest.mark.parametrize(
    ("param", "value", "bound"),
    [
        ("offset", HUGE, MAX_OFFSET),
        ("offset", str(MAX_OFFSET + 1), MAX_OFFSET),
        ("limit", HUGE, MAX_LIMIT),
        ("limit", str(MAX_LIMIT + 1), MAX_LIMIT),
    ],
)
def test_a_huge_paging_value_is_a_422_naming_it_on_every_list(client, people, param, value, bound):
    client.force_login(people["admin"])
    paths = _paginated_paths(client)
    assert paths
    for path in paths:
        response = client.get(path, {param: value})
        assert response.status_code == 422, (path, response.status_code)
        [error] = response.json()["detail"]
        assert error["loc"][-1] == param, path
        assert str(bound) in error["msg"], path


def test_the_bounds_are_in_the_schema_and_a_page_at_them_is_served(client, people):
    client.force_login(people["admin"])
    schema = client.get("/api/v1/openapi.json").json()
    for path in _paginated_paths(client):
        params = {p["name"]: p["schema"] for p in schema["paths"][path]["get"]["parameters"]}
        assert params["offset"]["maximum"] == MAX_OFFSET, path
        assert params["limit"]["maximum"] == MAX_LIMIT, path
        response = client.get(path, {"offset": MAX_OFFSET, "limit": MAX_LIMIT})
        assert response.status_code == 200, path
        assert response.json()["items"] == []
