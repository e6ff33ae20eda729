import pytest


@pytest.mark.django_db
def test_the_openapi_schema_is_published(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["info"]["title"] == "Zhengzhi API"
    assert any(p.startswith("/api/v1/audit/") for p in schema["paths"])


@pytest.mark.django_db
def test_the_docs_page_uses_no_cdn(client, people):
    client.force_login(people["admin"])
    body = client.get("/api/v1/docs").content.decode()
    assert "swagger-ui-bundle.js" in body
    assert "cdn." not in body and "https://" not in body.split("<body")[0]


def _operations(schema):
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            yield method, path, operation


@pytest.mark.django_db
def test_every_operation_declares_the_answers_it_can_give(client):
    """A client generated from the schema knows every answer: 401 without credentials, 404 where a
    path names an object, 422 (and 400) where it takes input, 403 on writes."""
    schema = client.get("/api/v1/openapi.json").json()
    missing = []
    for method, path, operation in _operations(schema):
        declared = set(operation["responses"])
        expected = {"401"}
        if "{" in path:
            expected.add("404")
        if operation.get("parameters") or "requestBody" in operation:
            expected |= {"400", "422"}
        if method in {"post", "put", "patch", "delete"}:
            expected.add("403")
        if expected - declared:
            missing.append(f"{method.upper()} {path}: {sorted(expected - declared)}")
    assert not missing, "\n".join(missing)
    message = schema["components"]["schemas"]["Message"]
    assert message["properties"]["detail"]["type"] == "string"
    field_error = schema["components"]["schemas"]["FieldError"]
    assert set(field_error["required"]) == {"loc", "msg"}


@pytest.mark.django_db
def test_a_call_without_credentials_is_the_declared_401(client):
    schema = client.get("/api/v1/openapi.json").json()
    for method, path, _operation in _operations(schema):
        url = path.replace("{", "").replace("}", "")
        url = "/".join("1" if part.endswith("_id") else part for part in url.split("/"))
        response = client.generic(method.upper(), url)
        assert response.status_code == 401, (method, path, response.status_code)
        assert isinstance(response.json()["detail"], str)


@pytest.mark.parametrize(
    ("path", "schema_of", "field", "bounds"),
    [
        ("/api/v1/accounts/tokens", "TokenIn", "name", {"minLength": 1, "maxLength": 60}),
        ("/api/v1/accounts/users", "UserIn", "full_name", {"maxLength": 60}),
        ("/api/v1/accounts/users", "UserIn", "username", {"maxLength": 150}),
        ("/api/v1/org/units", "UnitIn", "address", {"maxLength": 200}),
        ("/api/v1/notifications/read", "MarkReadIn", "ids", {"maxItems": 500}),
    ],
)
@pytest.mark.django_db
def test_bodies_declare_the_lengths_the_server_enforces(client, path, schema_of, field, bounds):
    schema = client.get("/api/v1/openapi.json").json()
    body = schema["paths"][path]["post"]["requestBody"]["content"]["application/json"]["schema"]
    assert body["$ref"].endswith("/" + schema_of)
    declared = schema["components"]["schemas"][schema_of]["properties"][field]
    assert bounds.items() <= declared.items()


@pytest.mark.parametrize(
    ("path", "name", "bounds"),
    [
        ("/api/v1/accounts/users", "q", {"maxLength": 100}),
        ("/api/v1/org/units", "q", {"maxLength": 100}),
        ("/api/v1/territory/grids", "q", {"maxLength": 100}),
        ("/api/v1/audit/events", "q", {"maxLength": 100}),
        ("/api/v1/territory/grids", "limit", {"minimum": 1, "maximum": 500}),
        ("/api/v1/notifications/", "offset", {"minimum": 0, "maximum": 10**9}),
        ("/api/v1/accounts/users/{user_id}", "user_id", {"minimum": 1}),
    ],
)
@pytest.mark.django_db
def test_parameters_declare_the_ranges_the_server_enforces(client, path, name, bounds):
    schema = client.get("/api/v1/openapi.json").json()
    (param,) = [p for p in schema["paths"][path]["get"]["parameters"] if p["name"] == name]
    declared = param["schema"]
    declared = declared.get("anyOf", [declared])[0] | declared
    assert bounds.items() <= declared.items()


@pytest.mark.django_db
def test_a_too_long_filter_is_the_declared_422(client, people):
    client.force_login(people["dispatcher"])
    response = client.get("/api/v1/org/units", {"q": "街" * 101})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query", "q"]
