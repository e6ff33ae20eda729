"""Branded error pages in the user's language, and a stale form that explains itself."""

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client, RequestFactory
from django.utils import translation

from zhengzhi.conftest import PASSWORD
from zhengzhi.core import views

pytestmark = pytest.mark.django_db
LOGIN = "/accounts/login/"


@pytest.fixture(autouse=True)
def _csrf_failure_view(settings):
    # The project settings name this view too; set here so these tests do not depend on it.
    settings.CSRF_FAILURE_VIEW = "zhengzhi.core.views.csrf_failure"


def test_404_page_is_chinese_with_the_nav_and_a_home_link(client, people):
    client.force_login(people["admin"])
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    body = response.content.decode()
    assert "页面不存在" in body
    assert 'class="mainnav"' in body  # the signed-in user keeps their navigation
    assert 'href="/"' in body and "返回首页" in body
    assert "/no-such-page/" in body


def test_404_page_follows_the_chosen_language(client, people):
    client.force_login(people["admin"])
    client.cookies["django_language"] = "en"
    body = client.get("/no-such-page/").content.decode()
    assert "Page not found" in body and "页面不存在" not in body


def test_404_page_for_someone_not_logged_in(client, db):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "页面不存在" in response.content.decode()


def test_404_under_the_api_is_json(client, people):
    client.force_login(people["admin"])
    response = client.get("/api/v1/no-such-endpoint")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")


def test_403_page_is_branded(people):
    request = RequestFactory().get("/somewhere/")
    request.user = people["handler"]
    response = views.permission_denied(request, PermissionDenied())
    assert response.status_code == 403
    body = response.content.decode()
    assert "无权访问" in body and 'href="/"' in body


def test_500_page_needs_no_database_and_no_context(django_assert_num_queries):
    request = RequestFactory().get("/")
    with django_assert_num_queries(0):
        response = views.server_error(request)
    assert response.status_code == 500
    body = response.content.decode()
    assert "系统出现错误" in body and 'href="/"' in body
    assert "mainnav" not in body  # standalone: no base.html, no context processors
    with translation.override("en"):
        assert "Something went wrong" in views.server_error(request).content.decode()


def _csrf_client():
    return Client(enforce_csrf_checks=True)


def test_a_stale_login_form_takes_a_logged_in_user_home(people):
    client = _csrf_client()
    client.force_login(people["handler"])
    # The login form of a second tab: its token predates the login in the first tab.
    response = client.post(LOGIN, {"username": "handler", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/"


def test_a_stale_login_form_honours_a_safe_next_only(people):
    client = _csrf_client()
    client.force_login(people["handler"])
    response = client.post(LOGIN + "?next=/territory/map/", {"next": "/territory/map/"})
    assert response["Location"] == "/territory/map/"
    response = client.post(LOGIN, {"next": "https://evil.example/"})
    assert response["Location"] == "/"


def test_a_stale_login_form_when_logged_out_says_the_page_expired(people):
    client = _csrf_client()
    response = client.post(
        LOGIN + "?next=/territory/map/", {"username": "handler", "password": PASSWORD}
    )
    assert response.status_code == 403
    body = response.content.decode()
    assert "页面已过期" in body
    assert 'href="/accounts/login/?next=/territory/map/"' in body
    assert "_auth_user_id" not in client.session
    # Opening the page again gives a fresh token, and the login goes through.
    page = client.get(LOGIN)
    token = page.context["csrf_token"]
    response = client.post(
        LOGIN, {"username": "handler", "password": PASSWORD, "csrfmiddlewaretoken": str(token)}
    )
    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == people["handler"].pk


def test_an_expired_form_links_back_to_the_page_it_came_from(people):
    client = _csrf_client()
    client.force_login(people["admin"])
    response = client.post(
        "/i18n/setlang/", {"language": "en"}, HTTP_REFERER="http://testserver/territory/grids/"
    )
    # Signed in, but not the login form: nothing silently lost, the user is told.
    assert response.status_code == 403
    body = response.content.decode()
    assert "页面已过期" in body and 'href="http://testserver/territory/grids/"' in body
    response = client.post(
        "/i18n/setlang/", {"language": "en"}, HTTP_REFERER="https://evil.example/x"
    )
    assert "evil.example" not in response.content.decode()


def test_an_expired_form_explains_missing_cookies(db):
    response = _csrf_client().post("/i18n/setlang/", {"language": "en"})
    assert "Cookie" in response.content.decode()


def test_a_stale_logout_when_already_logged_out_goes_to_login(db):
    response = _csrf_client().post("/accounts/logout/")
    assert response.status_code == 302 and response["Location"] == LOGIN


def test_an_expired_htmx_request_reloads_the_page(people):
    client = _csrf_client()
    client.force_login(people["admin"])
    response = client.post("/i18n/setlang/", {"language": "en"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 403
    assert response["HX-Refresh"] == "true"


def test_the_expired_page_speaks_the_chosen_language(db):
    client = _csrf_client()
    client.cookies["django_language"] = "en"
    body = client.post(LOGIN, {"username": "x", "password": "y"}).content.decode()
    assert "This page has expired" in body
