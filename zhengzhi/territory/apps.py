from django.apps import AppConfig
from django.conf import settings
from django.core.signals import request_started
from django.utils.translation import gettext_lazy as _


def warm_router_on_first_request(sender, **kwargs) -> None:
    """The first request of a web process builds the routing index (queries must wait for the
    app to be ready, so not in ready()); later requests find it warm. One-shot once it worked."""
    from zhengzhi.territory import routing

    if routing.warm():
        request_started.disconnect(warm_router_on_first_request)


class TerritoryConfig(AppConfig):
    name = "zhengzhi.territory"
    verbose_name = _("Grids and territories")

    def ready(self) -> None:
        # Not under tests: there the first request of the run would pay (and count) the queries.
        if not settings.TESTING:
            request_started.connect(warm_router_on_first_request)
