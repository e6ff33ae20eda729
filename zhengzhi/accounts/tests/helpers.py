"""Test helpers of the accounts tests (the workbook helper is org's: zhengzhi.org.tests.helpers)."""

from zhengzhi.accounts.models import User


def fresh(user):
    return User.objects.get(pk=user.pk)
