from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SatisfactionConfig(AppConfig):
    name = "zhengzhi.satisfaction"
    verbose_name = _("Follow-up calls and satisfaction")
