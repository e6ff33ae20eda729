"""Passwords that pass a whole-password check but are a common word dressed up, or a sequence."""

import pytest
from django.utils import translation

from zhengzhi.accounts.rules import password_problems

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "password",
    [
        "Password123!",  # a common word with digits and a symbol appended
        "!2026Password",  # ...or prepended
        "Welcome2026!!",
        "P@ssw0rd2026!",  # light leetspeak
        "Dr@g0n#2026",
    ],
)
def test_a_common_word_with_digits_or_symbols_is_refused(people, password):
    with translation.override("en"):
        problems = password_problems(password, people["handler"])
    assert "This password is a common password with digits or symbols added." in problems


@pytest.mark.parametrize(
    "password", ["Qwerty!2026", "Asdfghj#1x", "123456Abc!", "13579Ab!cd", "Zxcvbn98!", "aaaaaa1!B"]
)
def test_keyboard_and_number_sequences_are_refused(people, password):
    with translation.override("en"):
        problems = password_problems(password, people["handler"])
    assert "This password is mostly a keyboard or number sequence." in problems


@pytest.mark.parametrize(
    "password", ["Zhengzhi@2026", "Zz-test-Passw0rd!", "Liu-An#Shequ7", "4Kd!x9Pq-Lm"]
)
def test_ordinary_strong_passwords_still_pass(people, password):
    assert password_problems(password, people["handler"]) == []


def test_the_messages_are_in_chinese_for_a_chinese_interface(people):
    with translation.override("zh-hans"):
        problems = password_problems("Qwerty!2026", people["handler"])
        short = password_problems("Ab1!x", people["handler"])
    assert "该密码主要由键盘或数字序列组成。" in problems
    assert "该密码只是在常用密码前后加了数字或符号。" in problems
    # Django 5.2's own catalogue lacks the minimum-length message: it showed in English
    assert short and not any("too short" in p for p in short), short
    assert any("至少需要 10 个字符" in p for p in short), short
    with translation.override("zh-hant"):
        short = password_problems("Ab1!x", people["handler"])
    assert short and not any("too short" in p for p in short), short


def test_the_change_form_refuses_them(client, people):
    from zhengzhi.conftest import PASSWORD

    client.force_login(people["handler"])
    response = client.post(
        "/accounts/password/",
        {
            "old_password": PASSWORD,
            "new_password1": "Password123!",
            "new_password2": "Password123!",
        },
    )
    assert response.status_code == 200 and response.context["form"].errors
