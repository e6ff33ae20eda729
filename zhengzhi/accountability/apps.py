from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountabilityConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "zhengzhi.accountability"
    verbose_name = _("Accountability")

    def ready(self):
        from zhengzhi.accountability import bulletin, history, tasks  # noqa: F401 - jobs register

        history.register()
        bulletin.register()
