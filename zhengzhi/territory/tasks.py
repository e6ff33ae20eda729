"""The worker routes points too (imports, jobs): it builds the routing index when it starts."""

from huey.contrib.djhuey import on_startup


@on_startup()
def warm_router() -> None:
    from zhengzhi.territory import routing

    routing.warm()
