from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StandardsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "zhengzhi.standards"
    verbose_name = _("Standards")

    def ready(self):
        from zhengzhi.campaigns.links import register_campaign_link
        from zhengzhi.standards import scope
        from zhengzhi.standards.plugins import gap_link

        register_campaign_link(gap_link)
        scope.register_file_rules()
