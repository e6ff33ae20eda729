from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "zhengzhi.accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from zhengzhi.accounts import signals  # noqa: F401  (connects the login trail)
