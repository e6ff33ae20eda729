from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InspectionsConfig(AppConfig):
    name = "zhengzhi.inspections"
    verbose_name = _("Inspections")

    def ready(self) -> None:
        from zhengzhi.inspections import plugins

        plugins.register()
