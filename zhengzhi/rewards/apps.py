from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RewardsConfig(AppConfig):
    name = "zhengzhi.rewards"
    verbose_name = _("Tip rewards")
