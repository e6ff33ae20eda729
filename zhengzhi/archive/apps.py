from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArchiveConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "zhengzhi.archive"
    verbose_name = _("Evidence archive")

    def ready(self):
        from zhengzhi.archive import providers, scope
        from zhengzhi.archive.export_kind import KIND
        from zhengzhi.jobs.exports import register_export

        register_export(KIND)
        providers.register_builtin()
        scope.register_file_rules()
