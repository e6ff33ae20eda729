from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SatisfactionConfig(AppConfig):
    name = "zhengzhi.satisfaction"
    verbose_name = _("Follow-up calls and satisfaction")

    def ready(self) -> None:
        # The rated and satisfied counts of the ledger's unit indicators.
        from zhengzhi.satisfaction import ledger_pages

        ledger_pages.register()
