from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CampaignsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "zhengzhi.campaigns"
    verbose_name = _("Campaigns")

    def ready(self):
        from django.core import checks

        from zhengzhi.campaigns import docx_template, ledger_plugins, scope
        from zhengzhi.campaigns.export_kind import KIND
        from zhengzhi.jobs.exports import register_export

        scope.register_file_rules()
        register_export(KIND)
        ledger_plugins.register()
        checks.register(docx_template.check, "campaigns")
