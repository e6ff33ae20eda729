from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicConfig(AppConfig):
    name = "zhengzhi.public"
    verbose_name = _("Public reporting")

    def ready(self) -> None:
        # Reporters hear of their problem's progress: a listener on the ledger's moves (no
        # signals); importing the module also registers its job for the worker.
        from zhengzhi.public.services import notify

        notify.register()
        # The queue's "not satisfied" tab and the problem page's public panels.
        from zhengzhi.public import ledger_pages

        ledger_pages.register()
        # The caller's name and phone on the ledger's record form (hotline intake).
        from zhengzhi.public import hotline

        hotline.register()
