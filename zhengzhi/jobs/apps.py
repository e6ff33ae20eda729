from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class JobsConfig(AppConfig):
    name = "zhengzhi.jobs"
    verbose_name = _("Background jobs")

    def ready(self) -> None:
        # Job handlers live in each app's tasks.py; the web process needs them registered too,
        # so that enqueue() can refuse an unknown job name at once.
        autodiscover_modules("tasks")
