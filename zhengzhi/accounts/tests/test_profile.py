import pytest

from zhengzhi.accounts.models import ApiToken
from zhengzhi.accounts.services import create_api_token
from zhengzhi.accounts.tests.helpers import fresh
from zhengzhi.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_profile_shows_name_unit_roles_and_tokens(client, people):
    create_api_token(people["handler"], "大屏")
    client.force_login(people["handler"])
    page = client.get("/accounts/profile/")
    body = page.content.decode()
    assert "柳岸社区" in body and "大屏" in body
    assert [t.name for t in page.context["tokens"]] == ["大屏"]


def test_language_choice_is_saved_and_the_cookie_follows(client, people, settings):
    client.force_login(people["handler"])
    response = client.post("/accounts/profile/", {"language": "zh-hant"})
    assert response.status_code == 302
    assert fresh(people["handler"]).language == "zh-hant"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "zh-hant"
    assert client.post("/accounts/profile/", {"language": "klingon"}).status_code == 400


def test_token_key_is_shown_once_and_works(client, people):
    client.force_login(people["handler"])
    response = client.post("/accounts/profile/tokens/", {"name": "巡查App"})
    assert response.status_code == 200
    key = response.context["key"]
    token = ApiToken.objects.get(name="巡查App")
    assert token.key_hash == ApiToken.hash_key(key) and key not in token.prefix + token.key_hash
    assert key not in client.get("/accounts/profile/").content.decode()
    client.logout()
    me = client.get("/api/v1/accounts/me", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert me.status_code == 200 and me.json()["username"] == "handler"


def test_token_name_is_required(client, people):
    client.force_login(people["handler"])
    assert client.post("/accounts/profile/tokens/", {"name": ""}).status_code == 400
    assert not ApiToken.objects.exists()


def test_revoke_my_token(client, people):
    token, key = create_api_token(people["handler"], "t")
    client.force_login(people["handler"])
    assert client.post(f"/accounts/profile/tokens/{token.pk}/revoke/").status_code == 302
    assert fresh_token(token).revoked_at is not None
    assert AuditEvent.objects.filter(action="token.revoke").exists()
    client.logout()
    assert client.get("/api/v1/accounts/me", HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 401


def test_someone_elses_token_is_not_found(client, people):
    token, _ = create_api_token(people["dispatcher"], "t")
    client.force_login(people["admin"])
    assert client.post(f"/accounts/profile/tokens/{token.pk}/revoke/").status_code == 404
    assert fresh_token(token).revoked_at is None


def fresh_token(token):
    return ApiToken.objects.get(pk=token.pk)
