from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupervisionConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "zhengzhi.supervision"
    verbose_name = _("Supervision")

    def ready(self):
        from zhengzhi.supervision import history, inspection_results, tasks  # noqa: F401
        from zhengzhi.supervision.dashboard.panels import register_builtin as panels
        from zhengzhi.supervision.drafting.sections import register_builtin as sections

        sections()
        panels()
        history.register()
        inspection_results.register()
