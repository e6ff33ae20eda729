"""Property-based probing of the whole API from its own OpenAPI schema (schemathesis over
hypothesis): every operation, with parameters and bodies drawn from what the schema declares,
as a dispatcher (sees everything) and as a community handler (sees one community). Whatever the
input, the answer is never a 5xx, its status is one the schema declares for the operation, and a
JSON body matches the schema declared for that status (a client generated from the schema is
right). Bounded and derandomized: the same few examples each run.
The requests go through Django's test client as the signed-in user (the drawn auth headers are
left out: a session signs in), inside the test's transaction."""

from __future__ import annotations

import json
from urllib.parse import urlencode

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.core import NotSet
from schemathesis.core.failures import FailureGroup
from schemathesis.core.transport import Response
from schemathesis.specs.openapi.checks import (
    response_schema_conformance,
    status_code_conformance,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


EXAMPLES = {"GET": 8, "DELETE": 4}
WRITE_EXAMPLES = 4
PROBE = settings(
    derandomize=True,  # a fixed seed: the same cases every run, on any machine
    database=None,
    deadline=None,
    phases=[Phase.explicit, Phase.generate],  # no shrinking: a failure is reported as drawn
    suppress_health_check=list(HealthCheck),
)


def _call(client, case):
    """The case through Django's test client (the test's own database transaction)."""
    query = urlencode(case.query or {}, doseq=True)
    kwargs = {"QUERY_STRING": query}
    if isinstance(case.body, NotSet) or case.body is None:
        return client.generic(case.method, case.formatted_path, **kwargs)
    return client.generic(
        case.method,
        case.formatted_path,
        data=json.dumps(case.body),
        content_type="application/json",
        **kwargs,
    )


def _as_schemathesis(case, response) -> Response:
    request = requests.Request(case.method, "http://testserver" + case.formatted_path).prepare()
    return Response(
        status_code=response.status_code,
        headers={k.lower(): [v] for k, v in response.headers.items()},
        content=response.content,
        request=request,
        elapsed=0.0,
        verify=False,
    )


def _nonconformance(case, response) -> str | None:
    """What the answer does that the schema does not declare, or None."""
    try:
        case.validate_response(
            _as_schemathesis(case, response),
            checks=[status_code_conformance, response_schema_conformance],
        )
    except FailureGroup as group:
        return f"{response.status_code}: " + "; ".join(
            f"{f.title}: {f.message}"[:300] for f in group.exceptions
        )
    return None


def _operations(client):
    raw = client.get("/api/v1/openapi.json").json()
    schema = schemathesis.openapi.from_dict(raw)
    return [result.ok() for result in schema.get_all_operations()]


def _probe(client, user):
    client.force_login(user)
    client.raise_request_exception = False
    failures = []
    for operation in _operations(client):
        method = operation.method.upper()
        if "multipart/form-data" in json.dumps(operation.definition.raw.get("requestBody", {})):
            continue  # uploads: tested with real files in files/tests
        examples = EXAMPLES.get(method, WRITE_EXAMPLES)

        @given(case=operation.as_strategy())
        @settings(PROBE, max_examples=examples)
        def probe(case):
            response = _call(client, case)
            wrong = f"{response.status_code}" if response.status_code >= 500 else None
            wrong = wrong or _nonconformance(case, response)
            if wrong:
                query = urlencode(case.query or {}, doseq=True)
                body = "" if isinstance(case.body, NotSet) else f" body={case.body!r}"
                failures.append(f"{case.method} {case.formatted_path}?{query}{body} -> {wrong}")

        probe()
    assert not failures, "\n".join(failures)


def test_no_input_makes_the_api_fail_for_a_dispatcher(client, people, demo_grids):
    _probe(client, people["dispatcher"])


def test_no_input_makes_the_api_fail_for_a_community_handler(client, people, demo_grids):
    _probe(client, people["handler"])
