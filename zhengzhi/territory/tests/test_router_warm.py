"""The routing index is rebuilt by the process that changed the territory right after the commit,
once per transaction, and warmed when a web or worker process starts."""

import pytest
from django.core.signals import request_started
from django.db import OperationalError, transaction

from zhengzhi.territory import routing, services
from zhengzhi.territory.routing import resolve_point
from zhengzhi.territory.tests.conftest import C1, box


@pytest.fixture
def loads(monkeypatch):
    counted = []
    original = routing.router._loader

    def counting():
        counted.append(1)
        return original()

    monkeypatch.setattr(routing.router, "_loader", counting)
    return counted


def test_a_change_rebuilds_the_index_right_after_commit(
    people, grids, django_capture_on_commit_callbacks, django_assert_num_queries
):
    assert resolve_point(120.005, 30.005).grid_code == C1 + "001"
    with django_capture_on_commit_callbacks(execute=True):
        services.update_grid(
            grids["g1"], actor=people["admin"], geometry=box(120.1, 30.1, 120.11, 30.11)
        )
    with django_assert_num_queries(0):
        assert resolve_point(120.105, 30.105).grid_code == C1 + "001"
        assert resolve_point(120.005, 30.005).via == "none"


def test_many_changes_in_one_transaction_rebuild_once(
    people, units, grids, loads, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        services.deactivate_grid(grids["g2"], actor=people["admin"])
        services.deactivate_grid(grids["g3"], actor=people["admin"])
        services.create_grid(
            actor=people["admin"],
            code=C1 + "003",
            name="柳岸3号网格",
            community=units["c1"],
            geometry=box(120.02, 30.00, 120.03, 30.01),
        )
    assert len(loads) == 1
    assert routing.router._snap is not None
    assert resolve_point(120.025, 30.005).grid_code == C1 + "003"
    assert len(loads) == 1


# The handler is called as request_started would call it: sending the signal itself would also
# run Django's close_old_connections, which closes the test's database connection.
def test_a_new_process_warms_its_index_at_the_first_request(grids, loads):
    from zhengzhi.territory.apps import warm_router_on_first_request

    request_started.connect(warm_router_on_first_request)
    assert routing.router._snap is None
    warm_router_on_first_request(sender=None)
    assert routing.router._snap is not None and len(loads) == 1
    # One-shot: it disconnected itself.
    assert not request_started.disconnect(warm_router_on_first_request)


def test_the_worker_warms_its_index_at_start(grids, loads):
    from zhengzhi.territory.tasks import warm_router

    warm_router()
    assert routing.router._snap is not None and len(loads) == 1


def test_a_warm_up_that_fails_does_not_break_the_request(monkeypatch, grids):
    from zhengzhi.territory.apps import warm_router_on_first_request

    def broken():
        raise OperationalError("the database is not there yet")

    monkeypatch.setattr(routing.router, "_loader", broken)
    request_started.connect(warm_router_on_first_request)
    try:
        warm_router_on_first_request(sender=None)  # logs, does not raise
        assert routing.router._snap is None
        monkeypatch.undo()
        warm_router_on_first_request(sender=None)  # still connected: tries again
        assert routing.router._snap is not None
        assert not request_started.disconnect(warm_router_on_first_request)
    finally:
        request_started.disconnect(warm_router_on_first_request)
