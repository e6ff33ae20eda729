from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SystemConfig(AppConfig):
    """The platform's own upkeep: backups and restores, database statistics, the health check
    and the office administrator's system page. Platform layer, above the audit log and jobs."""

    name = "zhengzhi.system"
    verbose_name = _("System")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from zhengzhi.system.dbstats import analyze_rebuilt_tables

        # Database upkeep, not a business rule: statistics lost to a table rebuild come back.
        post_migrate.connect(analyze_rebuilt_tables, sender=self, dispatch_uid="zz-analyze")
