# ruff: noqa: F811
"""The campaign a ledger problem was found in: the link is kept here (CampaignProblem) and
plugged into the ledger's registries. Recording in a campaign (form and API), the ledger's
`?campaign=` filter (list, API, export), `campaign_id` in the API's problems, the campaign line
on the problem page, and the campaign page's indicators over its own problems."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from zhengzhi.audit.models import AuditEvent
from zhengzhi.campaigns.models import CampaignProblem, CampaignStatus
from zhengzhi.campaigns.services import campaigns as campaign_services
from zhengzhi.campaigns.services.campaigns import CampaignData
from zhengzhi.campaigns.services.tasks import TaskData, create_task
from zhengzhi.ledger.models import Problem
from zhengzhi.ledger.selectors import filter_errors, filter_problems

# The ledger's own fixtures (grids, categories, its staff, new_problem), imported as pytest
# fixtures (a downward import); the tests' parameters of the same names are what ruff's F811
# would flag.
from zhengzhi.ledger.tests.conftest import categories, grids, new_problem, staff  # noqa: F401

pytestmark = pytest.mark.django_db
API = "/api/v1/ledger"
NEW = reverse("ledger:new")
GOOD = {"source": "patrol", "category": "0401", "description": "占道", "address": "柳岸路"}


def active_campaign(staff, name, scope_unit, lead_unit):
    """A campaign under way over `scope_unit`, with one task led by `lead_unit`."""
    today = timezone.localdate()
    admin = staff["admin"]
    c = campaign_services.create_campaign(
        CampaignData(name=name, kind="sanitary_city", scope_unit=scope_unit,
                     office_unit=admin.unit, starts_on=today - dt.timedelta(days=5),
                     ends_on=today + dt.timedelta(days=60)),
        actor=admin,
    )  # fmt: skip
    create_task(c.pk, TaskData(title="整治", lead_unit=lead_unit, deadline=c.ends_on), actor=admin)
    return campaign_services.set_status(c.pk, CampaignStatus.ACTIVE, actor=admin)


@pytest.fixture
def two(staff, units):
    """One campaign the handler of c1 takes part in, one they do not."""
    return (
        active_campaign(staff, "创卫复审迎检", units["street"], units["c1"]),
        active_campaign(staff, "桃园社区专项", units["c2"], units["c2"]),
    )


def link(problem, campaign) -> Problem:
    CampaignProblem.objects.create(problem=problem, campaign=campaign)
    return problem


def form(**overrides):
    data = {
        "category": "0401",
        "source": "patrol",
        "description": "沿街店铺占道经营",
        "address": "柳岸路12号",
        "lon": "120.005",
        "lat": "30.005",
    }
    return {**data, **overrides}


def post(client, url, body):
    return client.post(url, body, content_type="application/json")


def linked_campaign(problem) -> int | None:
    return (
        CampaignProblem.objects.filter(problem=problem)
        .values_list("campaign_id", flat=True)
        .first()
    )


# ---- recording ------------------------------------------------------------------------------


def test_a_problem_found_in_a_campaign_belongs_to_it(client, staff, categories, grids, two):
    mine, elsewhere = two
    client.force_login(staff["handler"])
    page = client.get(NEW, {"campaign": mine.pk}).content.decode()
    assert f'<option value="{mine.pk}" selected>创卫复审迎检</option>' in page
    assert "桃园社区专项" not in page  # a campaign the handler takes no part in
    response = client.post(NEW, form(campaign=mine.pk))
    p = Problem.objects.get()
    assert response.status_code == 302 and linked_campaign(p) == mine.pk
    # The problem page's facts name the campaign and link to it (the campaigns' panel).
    detail = client.get(response["Location"]).content.decode()
    assert f'<a href="{reverse("campaigns:detail", args=[mine.pk])}">创卫复审迎检</a>' in detail
    # The recording's audit row says in which campaign, written with the problem.
    audit = AuditEvent.objects.get(action="problem.report", object_id=str(p.pk))
    assert audit.data["campaign"] == mine.pk
    refused = client.post(NEW, form(campaign=elsewhere.pk, description="另一个"))
    assert refused.status_code == 200 and Problem.objects.count() == 1
    assert "另一个" in refused.content.decode()  # what was typed is kept


def test_without_a_campaign_there_is_no_field_and_no_link(client, staff, categories, grids):
    client.force_login(staff["handler"])
    assert 'name="campaign"' not in client.get(NEW).content.decode()
    response = client.post(NEW, form())
    p = Problem.objects.get()
    assert response.status_code == 302 and linked_campaign(p) is None
    assert reverse("campaigns:list") + "1" not in client.get(response["Location"]).content.decode()


def test_a_problem_recorded_through_the_api_may_belong_to_a_campaign(
    client, staff, categories, grids, two
):
    mine, elsewhere = two
    client.force_login(staff["handler"])
    refused = post(client, f"{API}/problems", {**GOOD, "campaign_id": elsewhere.pk})
    assert refused.status_code == 422 and not Problem.objects.exists()
    assert refused.json()["code"] == "invalid"
    made = post(client, f"{API}/problems", {**GOOD, "campaign_id": mine.pk})
    assert made.status_code == 201, made.content
    assert made.json()["campaign_id"] == mine.pk
    assert linked_campaign(Problem.objects.get()) == mine.pk


@pytest.mark.parametrize("value", [2**70, 0, -1, "seven", [1]])
def test_a_campaign_id_that_is_no_id_is_refused(client, staff, categories, grids, value):
    client.force_login(staff["handler"])
    response = post(client, f"{API}/problems", {**GOOD, "campaign_id": value})
    assert response.status_code == 422, response.content
    assert "campaign_id" in response.json()["detail"]
    assert not Problem.objects.exists()


def test_the_api_documents_campaign_id(client, staff):
    client.force_login(staff["admin"])
    schemas = client.get("/api/v1/openapi.json").json()["components"]["schemas"]
    assert "campaign_id" in schemas["ProblemIn"]["properties"]
    assert "campaign_id" in schemas["ProblemOut"]["properties"]


# ---- the ledger's filter and output ---------------------------------------------------------


def test_the_campaign_filter_narrows_the_list_the_api_and_the_export(
    client, staff, new_problem, two
):
    mine, _elsewhere = two
    inside, outside = link(new_problem(), mine), new_problem(description="别的")
    office = staff["dispatcher"]

    def numbers(params):
        return set(filter_problems(office, params).values_list("number", flat=True))

    assert numbers({"campaign": str(mine.pk)}) == {inside.number}
    assert numbers({"campaign": str(mine.pk + 100)}) == set()
    assert numbers({}) == {inside.number, outside.number}
    assert list(filter_errors({"campaign": "x1"})) == ["campaign"]
    client.force_login(office)
    page = client.get(reverse("ledger:list"), {"campaign": mine.pk}).content.decode()
    assert inside.number in page and outside.number not in page
    assert "Campaign" in page or "专项行动" in page  # the filter is named for the clerk
    bad = client.get(f"{API}/problems", {"campaign": "x1"})
    assert bad.status_code == 422 and "campaign" in bad.json()["detail"]
    items = client.get(f"{API}/problems", {"campaign": mine.pk}).json()["items"]
    assert [(p["number"], p["campaign_id"]) for p in items] == [(inside.number, mine.pk)]
    described = client.get(reverse("ledger:export"), {"campaign": mine.pk}).content.decode()
    assert "专项行动" in described or "Campaign" in described


def test_the_filtered_list_and_export_name_the_campaign_to_whoever_may_see_it(
    client, staff, new_problem, two
):
    mine, elsewhere = two
    link(new_problem(), mine)
    client.force_login(staff["handler"])  # takes part in `mine`, not in `elsewhere`
    page = client.get(reverse("ledger:list"), {"campaign": mine.pk}).content.decode()
    assert mine.name in page
    page = client.get(reverse("ledger:list"), {"campaign": elsewhere.pk}).content.decode()
    assert elsewhere.name not in page  # another unit's campaign: its id, never its name
    client.force_login(staff["dispatcher"])
    described = client.get(reverse("ledger:export"), {"campaign": mine.pk}).content.decode()
    assert mine.name in described


def test_the_problem_page_links_the_campaign_only_for_whoever_may_open_it(
    client, staff, new_problem, two
):
    _mine, elsewhere = two  # c1's handler takes no part in `elsewhere`
    problem = link(new_problem(), elsewhere)
    page = reverse("campaigns:detail", args=[elsewhere.pk])
    client.force_login(staff["handler"])
    html = client.get(reverse("ledger:detail", args=[problem.pk])).content.decode()
    assert elsewhere.name in html and page not in html
    assert client.get(page).status_code == 404  # the link would have been dead
    client.force_login(staff["dispatcher"])
    html = client.get(reverse("ledger:detail", args=[problem.pk])).content.decode()
    assert page in html


def test_campaign_id_in_the_api_costs_no_query_per_row(
    client, staff, new_problem, two, django_assert_max_num_queries
):
    mine, _elsewhere = two
    client.force_login(staff["admin"])
    for i in range(5):
        link(new_problem(description=f"问题{i}"), mine)
    with django_assert_max_num_queries(8) as few:
        items = client.get(f"{API}/problems").json()["items"]
    assert {p["campaign_id"] for p in items} == {mine.pk}
    for i in range(20):
        new_problem(description=f"问题{i}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        items = client.get(f"{API}/problems").json()["items"]
    assert len(items) == 25 and {p["campaign_id"] for p in items} == {mine.pk, None}
    body = client.get(f"{API}/problems/{items[-1]['id']}").json()
    assert body["campaign_id"] == mine.pk


# ---- the campaign's own pages ---------------------------------------------------------------


def test_the_campaign_page_counts_and_rates_only_its_problems(client, staff, new_problem, two):
    from zhengzhi.ledger.services import moves

    mine, _elsewhere = two
    for i in range(2):
        p = link(new_problem(description=f"活动内{i}"), mine)
        moves.register(p.pk, actor=staff["dispatcher"])
    outside = new_problem(description="活动外")
    moves.register(outside.pk, actor=staff["dispatcher"])
    client.force_login(staff["admin"])
    page = client.get(reverse("campaigns:detail", args=[mine.pk]))
    rows = page.context["indicators"]
    assert [(r["unit_name"], r["registered"]) for r in rows] == [("柳岸社区", 2)]
