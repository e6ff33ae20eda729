"""The office's pages as a reviewer read them: the wizard's targets and reporting units, the
campaign page's documents, figures without trailing zeros, milestones with their measure, the
figure reported without the measure, and list rows that stack on a phone."""

import json
import re
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from zhengzhi.campaigns.forms_task import TaskForm
from zhengzhi.campaigns.services import campaigns as campaign_services

TEMPLATES = Path(__file__).resolve().parent.parent / "data" / "templates"


def login(client, user):
    client.cookies["django_language"] = "en"
    client.force_login(user)
    return client


def setup_data(units) -> dict:
    return {
        "name": "2026年烟草市场专项整治",
        "starts_on": "2026-05-04",
        "ends_on": "2026-07-31",
        "scope_unit": units["street"].pk,
        "office_unit": units["office"].pk,
    }


# -- the wizard's step 3 -------------------------------------------------------------------------


def test_wizard_reporting_units_are_checkboxes_grouped_by_kind(client, units, staff):
    login(client, staff["admin"])
    url = reverse("campaigns:new_plan", args=["tobacco_market"])
    r = client.post(url, {**setup_data(units), "step": "setup"})
    html = r.content.decode()
    assert r.status_code == 200
    assert '<select name="t0-reporters"' not in html and "multiple" not in html
    assert 'type="checkbox" name="t0-reporters"' in html
    assert "Departments" in html and "Territories" in html


def test_wizard_negative_target_kept_with_the_right_message_beside_its_task(client, units, staff):
    login(client, staff["admin"])
    url = reverse("campaigns:new_plan", args=["tobacco_market"])
    data = {
        **setup_data(units),
        "step": "assign",
        "t0-include": "on",
        "t0-lead": units["dept"].pk,
        "t0-reporters": [units["c1"].pk, units["c2"].pk],
        "t0-target": "-5",
    }
    r = client.post(url, data)
    assert r.status_code == 200
    html = r.content.decode()
    task = html[html.index('id="task-0"') :]
    task = task[: task.index("</fieldset>\n</fieldset>")]
    assert "The target must be 0 or more." in task
    assert "must be a number" not in html
    assert 'value="-5"' in task
    # The chosen reporting units stay chosen.
    for unit in ("c1", "c2"):
        assert re.search(rf'name="t0-reporters" value="{units[unit].pk}"\s+checked', task)
    r = client.post(url, {**data, "t0-target": "abc"})
    assert "The target must be a number." in r.content.decode()
    r = client.post(url, {**data, "t0-target": "12"})
    assert r.status_code == 200 and b'id="confirm-form"' in r.content


# -- the campaign page ---------------------------------------------------------------------------


def test_documents_named_by_their_kind(client, campaign, staff):
    login(client, staff["admin"])
    client.cookies["django_language"] = "zh-hans"
    upload = SimpleUploadedFile("方案.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
    campaign_services.attach_document(campaign.pk, upload, "plan", actor=staff["admin"])
    html = client.get(reverse("campaigns:detail", args=[campaign.pk])).content.decode()
    assert '<span class="tag">实施方案</span>' in html
    assert '<span class="tag">plan</span>' not in html
    assert 'class="table-wrap section-gap"' in html  # room under the task table


# -- milestones and figures ----------------------------------------------------------------------


def test_milestones_all_read_cumulative_with_the_measure(client, campaign, staff):
    login(client, staff["admin"])
    task = campaign.task
    html = client.get(reverse("campaigns:task", args=[campaign.pk, task.pk])).content.decode()
    assert html.count("cumulative") >= 3  # two milestones and the deadline
    assert "cumulative 40 处" in html and "cumulative 10 处" in html
    assert "target 20 处" in html  # the reporting units' targets too


def test_the_stale_milestones_box_keeps_the_measure(campaign, staff):
    from zhengzhi.campaigns.forms_task import milestone_formset

    task = campaign.task
    html = render_to_string(
        "campaigns/edit_milestones.html",
        {"campaign": campaign, "task": task, "stale": True, "formset": milestone_formset(task, None),
         "head": None},
    )  # fmt: skip
    box = html[html.index('id="stale"') : html.index("</div>", html.index('id="stale"'))]
    assert "10 处" in box and "30 处" in box


def test_figure_label_without_the_measure(campaign):
    from zhengzhi.campaigns.forms_task import strip_measure

    assert strip_measure("检查经营户（户）", "户") == "检查经营户"
    assert strip_measure("拆除违建(处)", "处") == "拆除违建"
    assert strip_measure("（户）", "户") == "（户）"
    assert strip_measure("检查经营户（次）", "户") == "检查经营户（次）"
    with translation.override("en"):
        help_text = str(TaskForm.base_fields["figure_label"].help_text)
        assert "（" not in help_text and "(" not in help_text.split("e.g.")[1]
    with translation.override("zh-hans"):  # the example itself carries no measure
        help_text = str(TaskForm.base_fields["figure_label"].help_text)
        assert "（" not in help_text.split("如：")[1]


@pytest.mark.parametrize("path", sorted(TEMPLATES.glob("*.json")), ids=lambda p: p.stem)
def test_shipped_templates_have_no_measure_in_the_figure(path):
    from zhengzhi.campaigns.forms_task import strip_measure

    data = json.loads(path.read_text())
    for task in data["tasks"]:
        figure, measure = task.get("figure", ""), task.get("measure", "")
        assert strip_measure(figure, measure) == figure, (task["title"], figure)


# -- lists on a phone ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "row", ["_phase_row.html", "_member_row.html", "_unit_row.html", "_milestone_row.html"]
)
def test_every_field_of_a_list_row_carries_its_label_for_phones(row):
    html = render_to_string(f"campaigns/{row}", {"f": None})
    cells = re.findall(r"<td([^>]*)>", html)
    labelled = [c for c in cells if "data-label=" in c]
    assert len(labelled) >= 2
    assert all("data-label=" in c or "remove" in c or "moves" in c or c == "" for c in cells)
    assert "remove-label" in html
