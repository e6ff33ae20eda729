from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    """The project's composition, the top layer: the navigation, the home page, the demo
    (`seed_demo`), and the URL and API wiring. It may import every app; none imports it."""

    name = "zhengzhi.portal"
    verbose_name = _("Portal")
