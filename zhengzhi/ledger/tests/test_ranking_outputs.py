"""The ranking's chart, .xlsx export and print view, and its links within the viewer's scope."""

import io
import json
import re
from urllib.parse import unquote

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from zhengzhi.audit.models import AuditEvent
from zhengzhi.ledger.models import RankingWeights
from zhengzhi.ledger.tests import test_indicators as base

pytestmark = pytest.mark.django_db

ledger, march = base.ledger, base.march


@pytest.fixture(autouse=True)
def few_enough():
    """March's units have a handful of problems each: rank them all."""
    RankingWeights.objects.update_or_create(pk=1, defaults={"min_volume": 1})


RANKING = reverse("ledger:ranking")
EXPORT = reverse("ledger:ranking_export")
PRINT = reverse("ledger:ranking_print")
MARCH_QUERY = {"period": "custom", "date_from": "2026-03-01", "date_to": "2026-03-31"}


def _row(html: str, unit) -> str:
    return html.split(f'data-unit="{unit.pk}"', 1)[1].split("</tr>", 1)[0]


def test_a_community_handler_gets_links_only_into_their_own_community(client, staff, march, units):
    client.force_login(staff["handler"])  # 柳岸社区 (c1)
    html = client.get(RANKING, MARCH_QUERY).content.decode()
    own, other = _row(html, units["c1"]), _row(html, units["c2"])
    assert "<a href=" in own and f"unit={units['c1'].pk}" in own
    assert "<a href=" not in other and "桃园社区" in other
    # Every link on the page answers, and lists something of theirs.
    for url in set(re.findall(r'<a href="(/ledger/problems/\?[^"]+)"', html)):
        assert f"unit={units['c2'].pk}" not in url
        assert client.get(url.replace("&amp;", "&")).status_code == 200
    # The street and the departments are above or beside a community: names without links.
    street = client.get(RANKING, {**MARCH_QUERY, "level": "street"}).content.decode()
    assert "<a href=" not in _row(street, units["street"])


def test_the_office_keeps_every_link(client, staff, march, units):
    client.force_login(staff["leader"])
    html = client.get(RANKING, MARCH_QUERY).content.decode()
    assert f"unit={units['c2'].pk}" in _row(html, units["c2"])


def test_the_page_draws_a_bar_chart_of_the_ranked_scores(client, staff, march, units):
    client.force_login(staff["leader"])
    html = client.get(RANKING, MARCH_QUERY).content.decode()
    data = re.search(
        r'<script id="ranking-chart-data" type="application/json">(.*?)</script>', html
    )
    chart = json.loads(data.group(1))
    assert chart["units"] and len(chart["units"]) == len(chart["scores"])
    assert chart["scores"] == sorted(chart["scores"], reverse=True)
    assert "vendor/echarts/echarts.min.js" in html and "ledger/ranking-chart.js" in html


def test_the_ranking_exports_to_xlsx_with_a_chinese_file_name(client, staff, march, units):
    client.force_login(staff["leader"])
    html = client.get(RANKING, MARCH_QUERY).content.decode()
    assert 'id="ranking-export"' in html and 'id="ranking-print"' in html
    response = client.get(EXPORT, MARCH_QUERY)
    assert response.status_code == 200
    disposition = unquote(response["Content-Disposition"])
    assert "单位排名-社区-20260301-20260331.xlsx" in disposition or "单位排名-" in disposition
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    names = [r[1] for r in rows[1:]]
    assert {"柳岸社区", "桃园社区"} <= set(names)
    page_places = re.findall(r'<td class="place">(\d+|—)</td>\s*<td class="unit">([^<]+)<', html)
    sheet_places = [("—" if r[0] is None else str(r[0]), r[1]) for r in rows[1:]]
    assert sheet_places == page_places
    assert AuditEvent.objects.filter(action="ledger.ranking.export").count() == 1


def test_a_bad_period_is_a_400_with_the_reason_not_a_file(client, staff):
    client.force_login(staff["leader"])
    response = client.get(EXPORT, {"period": "custom", "date_from": "2026-03-31"})
    assert response.status_code == 400 and response["Content-Type"].startswith("text/plain")


def test_the_print_view_is_an_official_style_sheet(client, staff, march, units):
    client.force_login(staff["leader"])
    response = client.get(PRINT, {**MARCH_QUERY, "level": "street"})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'class="title"' in html and "2026-03-01" in html and "2026-03-31" in html
    assert "东湖街道" in html and 'id="ranking"' in html
    assert "ledger/ranking-print.css" in html and '<nav class="mainnav"' not in html


def test_the_outputs_ask_for_a_login(client):
    for url in (EXPORT, PRINT):
        assert client.get(url).status_code == 302
