"""The move table: every move has one row, and the row is both the API endpoint (with its body
documented) and the page's action."""

import pytest

from zhengzhi.ledger.move_table import MOVES
from zhengzhi.ledger.services.permissions import Move
from zhengzhi.ledger.views.actions import ACTIONS

API = "/api/v1/ledger/problems/{problem_id}"


def test_every_move_has_a_row():
    moves = {v for k, v in vars(Move).items() if k.isupper()}
    assert set(MOVES) == moves and ACTIONS is MOVES


@pytest.mark.django_db
def test_each_row_is_an_endpoint_documented_with_its_body(client):
    schema = client.get("/api/v1/openapi.json").json()
    for move, spec in MOVES.items():
        operation = schema["paths"][f"{API}/{move}"]["post"]
        assert operation["summary"] == spec.summary
        assert operation["operationId"] == f"zhengzhi_ledger_api_{move}"
        body = operation["requestBody"]["content"]["application/json"]["schema"]
        assert body == {"$ref": f"#/components/schemas/{spec.body.__name__}"}
        assert "version" in schema["components"]["schemas"][spec.body.__name__]["properties"]


def test_the_args_each_row_passes_are_what_its_service_takes():
    import inspect

    for move, spec in MOVES.items():
        params = inspect.signature(spec.service).parameters
        for name in spec.fields:
            assert name in params, (move, name)
