from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SitesConfig(AppConfig):
    name = "zhengzhi.sites"
    # Not "sites": that label belongs to django.contrib.sites, which a deployment may add.
    label = "site_registry"
    verbose_name = _("Site registry")
