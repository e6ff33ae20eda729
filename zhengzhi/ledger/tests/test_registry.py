"""The ledger's registries, filled here by a stand-in for an app above the ledger (the real ones
are tested with their apps, e.g. campaigns/tests/test_problem_links.py): a filter of the list,
the API and the export; a field recorded with a problem, on the form and through the API; a
field of the API's problems."""

import pytest
from django import forms
from django.db.models import F
from django.urls import reverse

from zhengzhi.audit.models import AuditEvent
from zhengzhi.ledger import registry
from zhengzhi.ledger.models import Problem
from zhengzhi.ledger.selectors import filter_errors, filter_params, filter_problems
from zhengzhi.ledger.services.errors import MoveError
from zhengzhi.ledger.services.intake import report_problem

pytestmark = pytest.mark.django_db
API = "/api/v1/ledger"
GOOD = {"source": "patrol", "category": "0401", "description": "占道", "address": "柳岸路"}


def _priority(text: str) -> int:
    if text in ("1", "2", "3", "4"):
        return int(text)
    raise ValueError(f"not a priority: {text}")


@pytest.fixture
def stand_in():
    """An app's registrations: `prio` filters by priority, `tag` is recorded with a problem
    (kept in `applied`), `double` is twice the priority in the API's problems."""
    applied = []

    def validate(actor, value):
        if value == "forbidden":
            raise MoveError("no such tag", "invalid")

    def apply(problem, value, actor):
        applied.append((problem.pk, value))
        return {"tag": value}

    registry.register_problem_filter(
        registry.ProblemFilter(param="prio", label="Priority", parse=_priority,
                               apply=lambda qs, value: qs.filter(priority=value))
    )  # fmt: skip
    registry.register_record_extension(
        registry.RecordExtension(
            key="tag", api_field="tag_text", api_type=str | None,
            form_field=lambda user: forms.CharField(label="Tag", required=False, max_length=20),
            validate=validate, apply=apply,
        )
    )  # fmt: skip
    registry.register_problem_field(
        registry.ProblemField(key="double", expression=lambda: F("priority") * 2, api_type=int)
    )
    yield applied
    registry.unregister_problem_filter("prio")
    registry.unregister_record_extension("tag")
    registry.unregister_problem_field("double")


def post(client, body):
    return client.post(f"{API}/problems", body, content_type="application/json")


def test_a_registered_filter_narrows_the_list_the_api_and_the_export(
    client, staff, new_problem, stand_in
):
    urgent, usual = new_problem(priority=1), new_problem(priority=3, description="别的")
    office = staff["dispatcher"]
    assert "prio" in filter_params()
    assert set(filter_problems(office, {"prio": "1"})) == {urgent}
    assert filter_errors({"prio": "9"}) == {"prio": "not a priority: 9"}
    client.force_login(office)
    page = client.get(reverse("ledger:list"), {"prio": "1"}).content.decode()
    assert urgent.number in page and usual.number not in page
    assert "Priority" in page  # named for the clerk among the drill-down filters
    items = client.get(f"{API}/problems", {"prio": "1"}).json()["items"]
    assert [p["number"] for p in items] == [urgent.number]
    assert client.get(f"{API}/problems", {"prio": "9"}).status_code == 422
    assert "Priority" in client.get(reverse("ledger:export"), {"prio": "1"}).content.decode()


def test_a_registered_field_is_recorded_with_the_problem(
    client, staff, categories, grids, stand_in
):
    client.force_login(staff["handler"])
    made = post(client, {**GOOD, "tag_text": "夜查"})
    assert made.status_code == 201, made.content
    p = Problem.objects.get()
    assert stand_in == [(p.pk, "夜查")]
    audit = AuditEvent.objects.get(action="problem.report", object_id=str(p.pk))
    assert audit.data["tag"] == "夜查" and audit.data["source"] == "patrol"
    # Refused by the app: nothing is written, the reason is the API's 422.
    refused = post(client, {**GOOD, "tag_text": "forbidden"})
    assert refused.status_code == 422 and refused.json()["detail"] == "no such tag"
    for bad in (5, "夜\x00查"):
        wrong = post(client, {**GOOD, "tag_text": bad})
        assert wrong.status_code == 422 and "tag_text" in wrong.json()["detail"]
    assert Problem.objects.count() == 1
    # The record form has the field, preselected from the URL.
    form = client.get(reverse("ledger:new"), {"tag": "早班"}).content.decode()
    assert 'name="tag"' in form and 'value="早班"' in form


def test_an_unknown_extra_is_a_programming_error(staff, categories, stand_in):
    with pytest.raises(ValueError, match="no record extension"):
        report_problem(actor=staff["handler"], source="patrol", category=categories["0401"],
                       description="占道", address="柳岸路", extras={"nope": 1})  # fmt: skip
    assert not Problem.objects.exists()


def test_a_registered_output_field_is_in_the_list_and_the_detail(
    client, staff, new_problem, stand_in
):
    p = new_problem(priority=2)
    client.force_login(staff["admin"])
    (item,) = client.get(f"{API}/problems").json()["items"]
    assert item["double"] == 4
    assert client.get(f"{API}/problems/{p.pk}").json()["double"] == 4
    schemas = client.get("/api/v1/openapi.json").json()["components"]["schemas"]
    assert schemas["ProblemOut"]["properties"]["double"]["type"] == "integer"
    assert "tag_text" in schemas["ProblemIn"]["properties"]
