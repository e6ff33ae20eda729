from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RewardsConfig(AppConfig):
    name = "zhengzhi.rewards"
    verbose_name = _("Tip rewards")

    def ready(self) -> None:
        # The reward on the citizen's tracking page.
        from zhengzhi.rewards import public_pages

        public_pages.register()
