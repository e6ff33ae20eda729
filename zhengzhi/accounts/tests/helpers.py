"""Test helpers shared by the accounts and org tests."""

from zhengzhi.accounts.models import User
from zhengzhi.org.tests.helpers import xlsx  # noqa: F401 - shared with the org tests


def fresh(user):
    return User.objects.get(pk=user.pk)
