"""The case pages: list (filters, no N+1), filing at a site, state actions, rechecks,
operations, destruction batches, major cases."""

import datetime as dt

import pytest
from django.urls import reverse

from zhengzhi.cases.models import Case, DestructionBatch, Operation, Recheck
from zhengzhi.cases.tests.conftest import file
from zhengzhi.conftest import local

pytestmark = pytest.mark.django_db


def test_the_list_without_n_plus_one(
    as_user, cpeople, types, retailer, django_assert_max_num_queries
):
    for i in range(30):
        file(
            cpeople["officer"],
            types["off_channel"] if i % 2 else types["smuggling"],
            site=retailer if i % 2 else None,
            party=f"当事人{i}",
            value=str(i),
        )
    client = as_user(cpeople["officer"])
    with django_assert_max_num_queries(14):
        page = client.get(reverse("cases:list"))
    assert page.status_code == 200 and "30 cases" in page.content.decode()
    body = client.get(
        reverse("cases:list"), {"case_type": types["smuggling"].pk, "major": "on"}
    ).content.decode()
    assert "12 cases" in body  # smuggling at 0, 2 … 28 万元: 6 … 28 are major
    bad = client.get(reverse("cases:list"), {"start": "yesterday"})
    assert bad.status_code == 200 and "filter-errors" in bad.content.decode()


@pytest.mark.time_machine(local(2026, 6, 10, 9))
def test_filing_at_a_site(as_user, cpeople, types, retailer):
    client = as_user(cpeople["officer"])
    site_page = client.get(reverse("sites:site", args=[retailer.pk])).content.decode()
    new = reverse("cases:new") + f"?site={retailer.pk}"
    assert new.replace("&", "&amp;") in site_page or new in site_page
    assert "柳岸便利店" in client.get(new).content.decode()
    response = client.post(
        new,
        {
            "case_type": types["off_channel"].pk,
            "found_on": "2026-06-10",
            "value": "0.5",
            "goods_0": "云烟",
            "qty_0": "12",
            "unit_0": "carton",
            "unit_1": "carton",
            "unit_2": "carton",
            "site": retailer.pk,
        },
    )
    case = Case.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "cases:detail", args=[case.pk]
    )
    assert case.site == retailer and case.sticks == 2400 and case.rechecks.count() == 3
    page = client.get(response["Location"]).content.decode()
    assert "Recheck 3, due 2026-06-17" in page
    # bad input keeps what was typed and says why
    response = client.post(
        new,
        {
            "case_type": types["off_channel"].pk,
            "found_on": "2026-06-11",
            "value": "1",
            "goods_0": "云烟",
            "unit_0": "carton",
            "unit_1": "carton",
            "unit_2": "carton",
            "site": retailer.pk,
        },
    )
    assert response.status_code == 200 and Case.objects.count() == 1
    assert "Give the quantity." in response.content.decode()


def test_a_community_may_not_file(as_user, cpeople, retailer):
    client = as_user(cpeople["handler"])
    assert client.get(reverse("cases:new") + f"?site={retailer.pk}").status_code == 404
    other = as_user(cpeople["officer"])
    assert other.get(reverse("cases:new") + "?site=999999").status_code == 404


@pytest.mark.time_machine(local(2026, 6, 20, 9))
def test_state_actions_and_recheck(as_user, cpeople, types, retailer, cunits):
    case = file(cpeople["officer"], types["off_channel"], site=retailer, value="6")
    client = as_user(cpeople["officer"])
    url = reverse("cases:advance", args=[case.pk])
    client.post(url, {"target": "investigated", "version": 1})
    response = client.post(
        url,
        {
            "target": "decided",
            "version": 2,
            "on": "2026-06-19",
            "fine": "3000",
            "confiscation": "0",
        },
        follow=True,
    )
    assert Case.objects.get(pk=case.pk).state == "decided"
    response = client.post(url, {"target": "executed", "version": 3}, follow=True)
    assert "Record the payment" in response.content.decode()
    client.post(reverse("cases:pay", args=[case.pk]), {"amount": "3000", "version": 3})
    client.post(url, {"target": "executed", "version": 4})
    assert Case.objects.get(pk=case.pk).state == "executed"
    r = case.rechecks.get(seq=1)
    client.post(reverse("cases:recheck", args=[r.pk]), {"result": "clean", "note": "无"})
    assert Recheck.objects.get(pk=r.pk).result == "clean"
    # the major list shows it until it is closed
    assert case.number in client.get(reverse("cases:major")).content.decode()
    client.post(url, {"target": "closed", "version": 5, "on": "2026-06-20"})
    assert case.number not in client.get(reverse("cases:major")).content.decode()
    overdue = client.get(reverse("cases:rechecks"), {"state": "overdue"}).content.decode()
    assert "recheck-overdue" in overdue  # the second was due on the 15th


@pytest.mark.time_machine(local(2026, 6, 20, 9))
def test_transfer_and_outcome_pages(as_user, cpeople, types, cunits):
    case = file(cpeople["officer"], types["unlicensed_transport"], vehicle="云K1")
    client = as_user(cpeople["officer"])
    client.post(
        reverse("cases:transfer", args=[case.pk]),
        {"body": "police", "receiving_unit": cunits["police"].pk, "version": 1},
    )
    t = case.transfers.get()
    client.post(reverse("cases:outcome", args=[t.pk]), {"outcome": "detained", "people": "2"})
    t.refresh_from_db()
    assert (t.outcome, t.people) == ("detained", 2)
    # the police account reads it but cannot post
    police = as_user(cpeople["police_user"])
    assert police.get(reverse("cases:detail", args=[case.pk])).status_code == 200
    assert (
        police.post(
            reverse("cases:outcome", args=[t.pk]), {"outcome": "detained", "people": "3"}
        ).status_code
        == 404
    )


@pytest.mark.time_machine(local(2026, 6, 20, 9))
def test_operations_and_destructions(as_user, cpeople):
    client = as_user(cpeople["officer"])
    client.post(
        reverse("cases:operations"),
        {
            "name": "风暴十号",
            "starts_on": "2026-06-01",
            "ends_on": "2026-06-05",
            "people": 80,
            "vehicles": 24,
        },
    )
    op = Operation.objects.get()
    assert (op.people, op.vehicles, op.unit) == (80, 24, cpeople["officer"].unit)
    bad = client.post(
        reverse("cases:operations"),
        {
            "name": "x",
            "starts_on": "2026-06-05",
            "ends_on": "2026-06-01",
            "people": 1,
            "vehicles": 1,
        },
    )
    assert "The operation ends before it starts." in bad.content.decode()
    client.post(
        reverse("cases:destructions"),
        {
            "destroyed_on": "2026-06-15",
            "place": "广场",
            "quantity": "12.5",
            "quantity_unit": "case",
            "value": "4.2",
        },
    )
    assert DestructionBatch.objects.get().sticks == 125_000
    assert "风暴十号" in client.get(reverse("cases:operations")).content.decode()
    community = as_user(cpeople["handler"])
    assert "风暴十号" not in community.get(reverse("cases:operations")).content.decode()
    assert community.post(reverse("cases:operations"), {"name": "y"}).status_code == 404
    assert dt.date(2026, 6, 15) == DestructionBatch.objects.get().destroyed_on


def test_the_office_confirms_consequences(as_user, cpeople, types, retailer):
    case = file(cpeople["officer"], types["counterfeit_sale"], site=retailer)
    c = case.consequences.get(kind="review")
    assert (
        as_user(cpeople["officer"])
        .post(reverse("cases:consequence", args=[c.pk]), {"decision": "confirm"})
        .status_code
        == 404
    )
    as_user(cpeople["admin"]).post(
        reverse("cases:consequence", args=[c.pk]), {"decision": "confirm"}
    )
    c.refresh_from_db()
    assert c.decision == "confirmed"


def test_nav(as_user, cpeople):
    body = as_user(cpeople["officer"]).get(reverse("cases:list")).content.decode()
    assert reverse("cases:tables") in body and reverse("cases:rechecks") in body


def test_the_office_sets_the_threshold(as_user, cpeople):
    from zhengzhi.cases.models import CaseSettings

    assert (
        as_user(cpeople["officer"])
        .post(reverse("cases:threshold"), {"major_threshold": "1"})
        .status_code
        == 404
    )
    admin = as_user(cpeople["admin"])
    assert "threshold-form" in admin.get(reverse("cases:major")).content.decode()
    admin.post(reverse("cases:threshold"), {"major_threshold": "8"})
    assert CaseSettings.objects.get().major_threshold == 8
    response = admin.post(reverse("cases:threshold"), {"major_threshold": "0"}, follow=True)
    assert "The threshold must be more than zero." in response.content.decode()


def test_a_unit_enters_its_yearly_figures(as_user, cpeople, cunits):
    from zhengzhi.cases.models import YearFigures

    client = as_user(cpeople["officer"])
    assert "figures" in client.get(reverse("cases:tables")).content.decode()
    client.post(
        reverse("cases:figures"),
        {"year": "2026", "sales_boxes": "24300", "per_capita": "", "box_price": "11766"},
    )
    row = YearFigures.objects.get()
    assert (row.unit, row.sales_boxes, row.per_capita) == (cunits["bureau"], 24300, None)
    response = client.post(reverse("cases:figures"), {"year": "20"}, follow=True)
    assert "The figures could not be read." in response.content.decode()
    assert as_user(cpeople["leader"]).post(
        reverse("cases:figures"), {"year": "2026"}
    ).status_code in (302, 404)
    assert YearFigures.objects.count() == 1


@pytest.mark.time_machine(local(2026, 6, 20, 9))
def test_a_case_of_an_operation(as_user, cpeople, types, retailer):
    from zhengzhi.cases.services.records import save_operation

    op = save_operation(
        cpeople["officer"],
        name="风暴十号",
        starts_on=dt.date(2026, 6, 18),
        ends_on=dt.date(2026, 6, 22),
        people=40,
        vehicles=10,
    )
    client = as_user(cpeople["officer"])
    client.post(
        reverse("cases:new") + f"?site={retailer.pk}",
        {
            "case_type": types["off_channel"].pk,
            "found_on": "2026-06-20",
            "value": "0.2",
            "operation": op.pk,
            "unit_0": "carton",
            "unit_1": "carton",
            "unit_2": "carton",
            "site": retailer.pk,
        },
    )
    assert Case.objects.get().operation == op
    page = client.get(reverse("cases:operations")).content.decode()
    assert f"?operation={op.pk}" in page
    listed = client.get(reverse("cases:list"), {"operation": op.pk}).content.decode()
    assert "1 case" in listed
