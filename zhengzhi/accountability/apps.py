from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountabilityConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "zhengzhi.accountability"
    verbose_name = _("Accountability")

    def ready(self):
        from zhengzhi.accountability import (  # noqa: F401 - jobs register
            bulletin,
            dashboard,
            history,
            tasks,
            unit_pages,
        )

        history.register()
        bulletin.register()
        unit_pages.register()
        dashboard.register()
