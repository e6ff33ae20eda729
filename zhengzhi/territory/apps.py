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
        from zhengzhi.org.registry import (
            register_deactivation_blocker,
            register_territory_listener,
            register_unit_check,
        )
        from zhengzhi.territory.services import bump_version
        from zhengzhi.territory.unit_rules import active_grids_block, check_grids

        # Territory builds on org: org asks and tells it through org's registries.
        register_unit_check("territory.grids", check_grids)
        register_deactivation_blocker("territory.grids", active_grids_block)
        # Point routing answers with the territorial units above a grid or boundary (by path)
        # and leaves out deactivated ones: tell every process's router.
        register_territory_listener("territory.routing", bump_version)
        # Not under tests: there the first request of the run would pay (and count) the queries.
        if not settings.TESTING:
            request_started.connect(warm_router_on_first_request)
