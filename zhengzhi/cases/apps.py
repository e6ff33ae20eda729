from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "zhengzhi.cases"
    verbose_name = _("Enforcement cases")

    def ready(self) -> None:
        from zhengzhi.cases import site_sources
        from zhengzhi.cases.export_kind import KIND
        from zhengzhi.jobs.exports import register_export

        register_export(KIND)
        # Cases and rechecks at a site: its timeline, coverage contacts and the watch-list rule.
        site_sources.register()
