from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkcalConfig(AppConfig):
    name = "zhengzhi.workcal"
    verbose_name = _("Working calendar")
