"""The standards pages: browser with search, entry keeping what was typed, gap page, scope."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from zhengzhi.files.models import StoredFile
from zhengzhi.standards.models import (
    Indicator,
    IndicatorValue,
    Measure,
    StandardVersion,
    ValueStatus,
)
from zhengzhi.standards.tests.conftest import Y2024, Y2025, confirmed, pdf

pytestmark = pytest.mark.django_db


def test_the_browser_shows_the_tree_and_searches_it(shipped, people, as_user):
    client = as_user(people["handler"])
    v2021 = StandardVersion.objects.get(code="gwcs-2021")
    page = client.get(reverse("standards:list"))
    assert v2021.name in page.text
    page = client.get(reverse("standards:version", args=[v2021.pk]))
    assert "主次干道和街巷路面平整" in page.text and "unconfirmed" in page.text
    page = client.get(reverse("standards:version", args=[v2021.pk]), {"q": "玻璃幕墙"})
    assert "玻璃幕墙反射比合规" in page.text and "主次干道和街巷路面平整" not in page.text
    assert "Copy for local rules" not in page.text  # the office's


def test_the_browser_runs_a_fixed_number_of_queries(
    shipped, people, as_user, django_assert_max_num_queries
):
    client = as_user(people["admin"])
    v2021 = StandardVersion.objects.get(code="gwcs-2021")
    with django_assert_max_num_queries(20):
        assert client.get(reverse("standards:version", args=[v2021.pk])).status_code == 200
    with django_assert_max_num_queries(15):
        assert client.get(reverse("standards:list")).status_code == 200


def test_the_office_copies_a_version_and_the_prerequisites(shipped, people, as_user):
    client = as_user(people["admin"])
    v2021 = StandardVersion.objects.get(code="gwcs-2021")
    v2014 = StandardVersion.objects.get(code="gwcs-2014")
    page = client.post(
        reverse("standards:copy", args=[v2021.pk]), {"code": "local", "name": "细则"}
    )
    local = StandardVersion.objects.get(code="local")
    assert page.url == reverse("standards:version", args=[local.pk])
    client.post(reverse("standards:prerequisites_copy", args=[v2014.pk]), {"target": local.pk})
    assert local.prerequisites.count() == 11
    # A handler is refused (404), nothing made.
    other = as_user(people["handler"])
    assert (
        other.post(
            reverse("standards:copy", args=[v2021.pk]), {"code": "x", "name": "x"}
        ).status_code
        == 404
    )


def test_the_pass_line_is_entered_by_the_office(shipped, people, as_user):
    covert = StandardVersion.objects.get(code="gwxc-covert")
    client = as_user(people["admin"])
    client.post(
        reverse("standards:pass_line", args=[covert.pk]), {"pass_line": "850", "version": 1}
    )
    covert.refresh_from_db()
    assert covert.pass_line == 850 and covert.edited
    # A stale form (version 1 again) is refused.
    client.post(
        reverse("standards:pass_line", args=[covert.pk]), {"pass_line": "900", "version": 1}
    )
    covert.refresh_from_db()
    assert covert.pass_line == 850


def test_entry_keeps_what_was_typed_document_included(greening, people, units, as_user):
    client = as_user(people["dept_handler"])
    url = reverse("standards:enter", args=[greening.pk])
    assert client.get(url).status_code == 200
    page = client.post(
        url,
        {
            "unit": units["dept"].pk,
            "year": 2025,
            "value": "三十",
            "note": "园林处统计",
            "document": pdf("绿化普查.pdf"),
        },
    )
    assert page.status_code == 400
    assert "Enter a number." in page.text and "园林处统计" in page.text and "三十" in page.text
    kept = StoredFile.objects.get(original_name="绿化普查.pdf")
    assert f'value="{kept.pk}"' in page.text and "绿化普查.pdf" in page.text
    page = client.post(
        url,
        {
            "unit": units["dept"].pk,
            "year": 2025,
            "value": "32.03",
            "note": "园林处统计",
            "document_id": kept.pk,
        },
    )
    assert page.status_code == 302
    value = IndicatorValue.objects.get()
    assert (
        value.number == Decimal("32.03") and value.document == kept and value.note == "园林处统计"
    )
    # The measure's page lists it with its document, for the office to confirm.
    admin = as_user(people["admin"])
    page = admin.get(reverse("standards:measure", args=[greening.pk]))
    assert "绿化普查.pdf" in page.text and "Confirm" in page.text
    admin.post(reverse("standards:confirm", args=[value.pk]))
    value.refresh_from_db()
    assert value.status == ValueStatus.CONFIRMED


def test_correcting_through_the_page_keeps_history(greening, people, units, as_user):
    client = as_user(people["dept_handler"])
    url = reverse("standards:enter", args=[greening.pk])
    client.post(url, {"unit": units["dept"].pk, "year": 2024, "value": "30"})
    first = IndicatorValue.objects.get()
    page = client.get(url, {"unit": units["dept"].pk, "year": 2024})
    assert f'value="{first.pk}"' in page.text  # the form corrects the current value
    client.post(url, {"unit": units["dept"].pk, "year": 2024, "value": "31", "replaces": first.pk})
    assert IndicatorValue.objects.filter(current=True).get().number == 31
    # Another unit's form or measure: refused, nothing saved.
    page = client.post(url, {"unit": units["c1"].pk, "year": 2024, "value": "31"})
    assert page.status_code == 400 and IndicatorValue.objects.count() == 2


def test_measures_and_values_are_scoped(greening, people, units, as_user):
    confirmed(people["admin"], greening, units["dept"], Y2024, "30")
    park = Measure.objects.get(code="park_area_per_capita")
    assert (
        as_user(people["other_handler"])
        .get(reverse("standards:measure", args=[greening.pk]))
        .status_code
        == 404
    )
    assert (
        as_user(people["dept_handler"])
        .get(reverse("standards:measure", args=[park.pk]))
        .status_code
        == 404
    )
    assert (
        as_user(people["dept_handler"]).get(reverse("standards:enter", args=[park.pk])).status_code
        == 404
    )
    page = as_user(people["dept_handler"]).get(reverse("standards:measures"))
    assert greening.name in page.text and park.name not in page.text
    value = IndicatorValue.objects.get()
    assert (
        as_user(people["other_handler"])
        .post(reverse("standards:confirm", args=[value.pk]))
        .status_code
        == 404
    )


def test_the_measure_list_runs_a_fixed_number_of_queries(
    sanitary, people, units, as_user, django_assert_max_num_queries
):
    for code in ("green_coverage", "park_area_per_capita", "waste_harmless_rate"):
        for year in (2023, 2024, 2025):
            confirmed(
                people["admin"],
                Measure.objects.get(code=code),
                units["dept"],
                dt.date(year, 1, 1),
                "10",
            )
    client = as_user(people["admin"])
    with django_assert_max_num_queries(12):
        assert client.get(reverse("standards:measures")).status_code == 200
    with django_assert_max_num_queries(14):
        page = client.get(
            reverse("standards:measure", args=[Measure.objects.get(code="green_coverage").pk]),
            {"history": "1"},
        )
    assert page.status_code == 200


def _seed_values(admin, units):
    for code, raw in (
        ("green_coverage", "32.03"),
        ("park_area_per_capita", "5.53"),
        ("satisfaction_rate", None),
    ):
        measure = Measure.objects.get(code=code)
        if raw:
            confirmed(admin, measure, units["dept"], Y2024, raw)
            confirmed(admin, measure, units["dept"], Y2025, raw)


def test_the_gap_page(sanitary, people, units, as_user, django_assert_max_num_queries):
    _seed_values(people["admin"], units)
    client = as_user(people["admin"])
    with django_assert_max_num_queries(25):
        page = client.get(reverse("standards:gap", args=[sanitary.pk]))
    assert page.status_code == 200
    assert "A prerequisite fails" in page.text
    assert "3.97 percentage points short" in page.text
    assert "about 1,158,446 m²" not in page.text  # greening coverage has no base in the 2014 data
    assert "echarts.min.js" in page.text
    # The drill-down: the failing figure links to its values.
    green = Measure.objects.get(code="green_coverage")
    assert reverse("standards:measure", args=[green.pk]) in page.text
    zh = as_user(people["admin"], lang="zh-hans").get(reverse("standards:gap", args=[sanitary.pk]))
    assert "还差" in zh.text or "个百分点" in zh.text


def test_the_gap_page_is_scoped(sanitary, greening, people, units, as_user):
    _seed_values(people["admin"], units)
    page = as_user(people["dept_handler"]).get(reverse("standards:gap", args=[sanitary.pk]))
    # The department takes part in no task of the campaign: it cannot open it.
    assert page.status_code == 404
    assert (
        as_user(people["leader"]).get(reverse("standards:gap", args=[sanitary.pk])).status_code
        == 200
    )


def test_the_office_sets_up_a_campaign(sanitary, people, as_user):
    client = as_user(people["admin"])
    url = reverse("standards:campaign_setup", args=[sanitary.pk])
    v2021 = StandardVersion.objects.get(code="gwcs-2021")
    page = client.post(
        url, {"standard": v2021.pk, "review_date": "2027-06-30", "built_up_area": "-3"}
    )
    assert page.status_code == 400
    page = client.post(
        url, {"standard": v2021.pk, "review_date": "2027-06-30", "built_up_area": "30"}
    )
    assert page.status_code == 302
    detail = client.get(reverse("campaigns:detail", args=[sanitary.pk]))
    assert reverse("standards:gap", args=[sanitary.pk]) in detail.text
    assert Indicator.objects.filter(standard=v2021).exists()
    assert as_user(people["handler"]).get(url).status_code == 404


def test_the_office_enters_a_local_plan_target_and_a_lead_department(
    shipped, people, units, as_user
):
    v2021 = StandardVersion.objects.get(code="gwcs-2021")
    beds = Indicator.objects.get(standard=v2021, code="49")
    client = as_user(people["admin"])
    url = reverse("standards:indicator_edit", args=[beds.pk])
    assert client.get(url).status_code == 200
    page = client.post(url, {"rule": "at_least", "years": 5})
    assert page.status_code == 400  # a target is needed
    client.post(url, {"rule": "local_plan", "target": "6.5", "years": 5, "confirmed": "on"})
    beds.refresh_from_db()
    assert (beds.target, beds.confirmed, beds.edited) == (Decimal("6.5"), True, True)
    client.post(
        reverse("standards:measure_edit", args=[beds.measure_id]),
        {"lead_department": units["dept"].pk, "frequency": "yearly"},
    )
    beds.measure.refresh_from_db()
    assert beds.measure.lead_department == units["dept"]
    handler = as_user(people["handler"])
    assert handler.get(url).status_code == 404
    assert (
        handler.post(reverse("standards:measure_edit", args=[beds.measure_id]), {}).status_code
        == 404
    )


def test_a_value_document_is_seen_by_whoever_sees_the_value(greening, people, units, as_user):
    from zhengzhi.files.services import store_upload
    from zhengzhi.standards.services import values

    doc = store_upload(pdf(), user=people["admin"], unit=units["c1"], allowed=("document",))
    values.enter_value(people["admin"], greening, units["c1"], Y2024, "30", document=doc)
    url = reverse("files:serve", args=[doc.pk])
    assert as_user(people["dept_handler"]).get(url).status_code == 200  # leads the measure
    assert as_user(people["handler"]).get(url).status_code == 200  # its unit
    assert as_user(people["other_handler"]).get(url).status_code == 404


def test_a_lead_department_in_the_campaign_sees_its_own_indicators(
    sanitary, greening, people, units, as_user
):
    from zhengzhi.campaigns.models import Task

    Task.objects.create(
        campaign=sanitary, title="绿化提升", lead_unit=units["dept"], deadline=dt.date(2026, 12, 31)
    )
    confirmed(people["admin"], greening, units["dept"], Y2024, "32.03")
    park = Measure.objects.get(code="park_area_per_capita")
    confirmed(people["admin"], park, units["dept"], Y2024, "5.53")
    page = as_user(people["dept_handler"]).get(reverse("standards:gap", args=[sanitary.pk]))
    assert page.status_code == 200
    assert "3.97 percentage points short" in page.text
    assert park.name not in page.text  # not its measure
    assert 'id="verdict"' not in page.text and 'id="prerequisites"' not in page.text


def test_every_figure_of_the_gap_page_drills_down_to_its_indicators(
    sanitary, people, units, as_user
):
    _seed_values(people["admin"], units)
    confirmed(
        people["admin"], Measure.objects.get(code="waste_harmless_rate"), units["dept"], Y2024, "95"
    )
    client = as_user(people["admin"])
    url = reverse("standards:gap", args=[sanitary.pk])
    whole = client.get(url).context["gap"]
    assert (whole["met"], whole["not_met"]) == (1, 2) and whole["focus"] == []
    for outcome in ("met", "not_met", "unknown"):
        rows = client.get(url, {"outcome": outcome}).context["gap"]["table"]
        assert len(rows) == whole[outcome] and {r["outcome"] for r in rows} <= {outcome}
    # Each bar of the trend: the indicators it counted in that period.
    assert [r[0] for r in whole["trend"]["rows"]] == ["2024-01", "2025-01"]
    for period, *counts in whole["trend"]["rows"]:
        for outcome, n in zip(("met", "not_met", "unknown"), counts, strict=True):
            shown = client.get(url, {"period": period, "outcome": outcome}).context["gap"]
            assert len(shown["table"]) == n, (period, outcome)
            assert shown["focus"] and period in shown["focus"][0]
    assert whole["trend"]["rows"][0][1:3] == (1, 2)  # 2024: waste treatment met, two failing
    assert whole["trend"]["rows"][1][1:3] == (0, 2)  # 2025: waste treatment not reported
    # The weakest categories and items: their own indicators.
    assert whole["weakest_categories"]
    category, counted = whole["weakest_categories"][0]
    rows = client.get(url, {"category": category.pk}).context["gap"]["table"]
    assert len(rows) == counted.total
    assert {r["gap"].spec.category_id for r in rows} == {category.pk}
    page = client.get(url, {"outcome": "not_met"})
    assert 'id="gap-focus"' in page.text and f'href="?category={category.pk}#' in page.text
    # A figure the page does not know shows everything, never an error.
    page = client.get(url, {"category": "x", "period": "2024", "outcome": "bad"})
    assert page.status_code == 200 and len(page.context["gap"]["table"]) == len(whole["table"])


def test_the_office_places_a_2021_indicator_in_a_category_and_an_item(
    shipped, people, units, as_user
):
    from zhengzhi.audit.models import AuditEvent
    from zhengzhi.standards.models import Category, Item
    from zhengzhi.standards.services.loading import load_standards

    v2021 = StandardVersion.objects.get(code="gwcs-2021")
    green = Indicator.objects.get(standard=v2021, measure__code="green_coverage")
    assert green.category_id is None  # the 2021 table is numbered apart from the clauses
    clause12 = Item.objects.get(category__standard=v2021, number="（十二）")
    city = clause12.category
    other = Category.objects.exclude(standard=v2021).first()
    client = as_user(people["admin"])
    url = reverse("standards:indicator_edit", args=[green.pk])
    form = {"rule": green.rule, "target": "36", "years": 5}
    page = client.post(url, {**form, "category": other.pk})
    assert page.status_code == 400  # a category of another standard is not offered
    page = client.post(url, {**form, "category": city.pk, "item": clause12.pk})
    assert page.status_code == 302
    green.refresh_from_db()
    assert (green.category, green.item, green.edited) == (city, clause12, True)
    entry = AuditEvent.objects.filter(action="standards.indicator.updated").latest("pk")
    assert entry.data["before"]["category"] is None and entry.data["item"] == clause12.pk
    load_standards()  # the shipped file again: the office's placing stays
    green.refresh_from_db()
    assert (green.category, green.item) == (city, clause12)
    # The rule alone changed elsewhere (the demo, the API): the placing stays too.
    from zhengzhi.standards.services.editing import update_indicator

    update_indicator(people["admin"], green.pk, rule="at_least", target=Decimal(38), confirmed=True)
    green.refresh_from_db()
    assert (green.target, green.category, green.item) == (Decimal(38), city, clause12)
