from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArchiveConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "zhengzhi.archive"
    verbose_name = _("Evidence archive")

    def ready(self):
        from zhengzhi.archive import providers, scope

        providers.register_builtin()
        scope.register_file_rules()
