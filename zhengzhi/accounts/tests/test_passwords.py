import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.utils import timezone

from zhengzhi.accounts.models import User
from zhengzhi.accounts.rules import password_problems
from zhengzhi.accounts.tests.helpers import fresh
from zhengzhi.audit.models import AuditEvent
from zhengzhi.conftest import PASSWORD
from zhengzhi.core.roles import Role
from zhengzhi.org.models import Unit

pytestmark = pytest.mark.django_db


def change(client, old, new):
    return client.post(
        "/accounts/password/",
        {"old_password": old, "new_password1": new, "new_password2": new},
    )


@pytest.mark.parametrize(
    "weak",
    [
        "Sh0rt!a",  # too short
        "NoSpecial12345",  # no special character
        "nouppercase1!x",  # no upper case
        "NOLOWERCASE1!X",  # no lower case
        "No-Digits-Here!",  # no digit
        "Handler-2026!",  # like the username
    ],
)
def test_weak_passwords_are_refused(client, people, weak):
    client.force_login(people["handler"])
    response = change(client, PASSWORD, weak)
    assert response.status_code == 200
    assert response.context["form"].errors
    assert fresh(people["handler"]).check_password(PASSWORD)


def test_common_passwords_are_refused(people):
    # "password1!" is in Django's list of common passwords (compared in lower case)
    problems = password_problems("Password1!", people["handler"])
    assert any("common" in p or "常见" in p or "常用" in p for p in problems), problems


def test_changing_the_password_sets_the_date_and_is_audited(client, people):
    client.force_login(people["handler"])
    response = change(client, PASSWORD, "Qz7!river-lamp")
    assert response.status_code == 302
    user = fresh(people["handler"])
    assert user.check_password("Qz7!river-lamp")
    assert (timezone.now() - user.password_changed_at).total_seconds() < 60
    assert client.get("/").status_code == 200  # still signed in
    assert AuditEvent.objects.filter(action="password.change", actor=user).exists()


def test_the_last_passwords_cannot_come_back(client, people):
    client.force_login(people["handler"])
    history = settings.PASSWORD_HISTORY
    used = [f"Qz7!lamp-{i}x" for i in range(history)]
    current = PASSWORD
    for new in used:
        assert change(client, current, new).status_code == 302, new
        current = new
    # every one of the last N (the current one included) is refused
    for old in used:
        response = change(client, current, old)
        assert response.status_code == 200, old
        assert "new_password2" in response.context["form"].errors
    # the one before them has dropped out of the history
    assert change(client, current, PASSWORD).status_code == 302


def test_an_expired_password_must_be_changed_first(client, people):
    user = people["handler"]
    user.password_changed_at = timezone.now() - timezone.timedelta(
        days=settings.PASSWORD_MAX_AGE_DAYS + 1
    )
    user.save()
    client.force_login(user)
    response = client.get("/")
    assert response.status_code == 302 and response.url == "/accounts/password/?expired=1"
    # pages under /accounts/ other than the password page are held back too
    assert client.get("/accounts/users/").url == "/accounts/password/?expired=1"
    assert client.get("/accounts/profile/").url == "/accounts/password/?expired=1"
    page = client.get("/accounts/password/?expired=1")
    assert page.context["reason"]
    assert change(client, PASSWORD, "Qz7!river-lamp").status_code == 302
    assert client.get("/").status_code == 200


def test_admin_reset_gives_a_temporary_password_that_must_be_changed(client, people):
    client.force_login(people["admin"])
    target = people["handler"]
    response = client.post(f"/accounts/users/{target.pk}/reset-password/")
    assert response.status_code == 200
    temporary = response.context["password"]
    user = fresh(target)
    assert user.must_change_password and user.check_password(temporary)
    event = AuditEvent.objects.get(action="password.reset")
    assert event.actor_id == people["admin"].pk and temporary not in str(event.data)
    client.logout()
    client.post("/accounts/login/", {"username": "handler", "password": temporary})
    assert client.get("/").url == "/accounts/password/?expired=1"
    assert change(client, temporary, temporary).status_code == 200  # history: not the same
    assert change(client, temporary, "Qz7!river-lamp").status_code == 302
    assert not fresh(target).must_change_password


@pytest.mark.parametrize("who", ["street_leader", "leader", "dispatcher"])
def test_only_the_office_admin_resets_passwords(client, people, who):
    client.force_login(people[who])
    response = client.post(f"/accounts/users/{people['handler'].pk}/reset-password/")
    assert response.status_code == 404
    assert fresh(people["handler"]).check_password(PASSWORD)


def test_django_admin_set_password_keeps_history_and_audits(client, people):
    admin = people["admin"]
    admin.is_staff = admin.is_superuser = True
    admin.save()
    client.force_login(admin)
    target = people["handler"]
    url = f"/django-admin/accounts/user/{target.pk}/password/"
    new = "Qz7!admin-chosen"
    response = client.post(url, {"password1": new, "password2": new, "usable_password": "true"})
    assert response.status_code == 302, response.context["form"].errors
    user = fresh(target)
    assert user.check_password(new) and user.must_change_password
    assert password_problems(new, user)  # recorded in the history
    event = AuditEvent.objects.get(action="password.reset")
    assert event.actor_id == admin.pk and event.data == {"chosen": True}


def test_create_admin_makes_the_office_and_the_administrator(db, capsys):
    call_command("create_admin", "--username", "boss", "--password", "Qz7!first-admin",
                 "--no-input")  # fmt: skip
    user = User.objects.get(username="boss")
    assert user.has_role(Role.OFFICE_ADMIN) and user.is_staff
    assert not user.must_change_password and user.password_changed_at
    assert user.unit.kind == "office" and Unit.objects.count() == 1
    assert AuditEvent.objects.filter(action="user.create", object_id=str(user.pk)).exists()


def test_create_admin_reads_the_password_from_the_environment(db, monkeypatch, units):
    monkeypatch.setenv("ZZ_ADMIN_PASSWORD", "Qz7!from-env-x")
    call_command("create_admin", "--username", "boss", "--no-input")
    user = User.objects.get(username="boss")
    assert user.check_password("Qz7!from-env-x")
    assert user.unit == units["office"]  # the existing office


def test_create_admin_refuses_a_weak_password_with_the_reasons(db):
    with pytest.raises(CommandError) as exc:
        call_command("create_admin", "--username", "boss", "--password", "password",
                     "--no-input")  # fmt: skip
    assert "password" in str(exc.value).lower()
    assert not User.objects.exists()


def test_create_admin_refuses_an_existing_username(people):
    with pytest.raises(CommandError):
        call_command("create_admin", "--username", "admin", "--password", "Qz7!first-admin",
                     "--no-input")  # fmt: skip


def test_create_admin_prompts_when_interactive(db, monkeypatch):
    answers = iter(["Qz7!typed-secret", "Qz7!typed-secret"])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))
    monkeypatch.setattr("builtins.input", lambda prompt="": "boss")
    call_command("create_admin")
    assert User.objects.get(username="boss").check_password("Qz7!typed-secret")
