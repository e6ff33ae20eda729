"""API errors speak the caller's language: no pydantic English in a Chinese interface."""

import pytest

pytestmark = pytest.mark.django_db


def test_validation_errors_are_translated_and_keep_their_type(client, people, settings):
    client.force_login(people["admin"])
    # A move without its required body fields, in the default language (Simplified Chinese).
    response = client.post(
        "/api/v1/ledger/problems", {"source": "public"}, content_type="application/json"
    )
    assert response.status_code == 422
    errors = response.json()["detail"]
    missing = [e for e in errors if e["type"] == "missing"]
    assert missing and all(e["msg"] == "这个字段是必填项。" for e in missing)
    assert not any("Field required" in e["msg"] for e in errors)


def test_not_found_is_translated_and_english_on_request(client, people):
    client.force_login(people["admin"])
    assert client.get("/api/v1/ledger/problems/999999").json()["detail"] == "未找到。"
    client.cookies["django_language"] = "en"
    assert client.get("/api/v1/ledger/problems/999999").json()["detail"] == "Not found."


def test_an_unknown_indicator_choice_names_the_choices_in_chinese(client, people):
    client.force_login(people["admin"])
    response = client.get("/api/v1/indicators/units", {"by": "planet"})
    assert response.status_code in (400, 422)
    body = response.json()["detail"]
    assert "必须是以下之一" in str(body) or "只能是以下之一" in str(body)
