from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InspectionsConfig(AppConfig):
    name = "zhengzhi.inspections"
    verbose_name = _("Inspections")

    def ready(self) -> None:
        from zhengzhi.inspections import plugins
        from zhengzhi.inspections.export_kind import KIND
        from zhengzhi.jobs.exports import register_export

        plugins.register()
        register_export(KIND)
