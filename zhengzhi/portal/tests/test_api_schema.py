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
