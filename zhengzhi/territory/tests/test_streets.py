"""The district's own street layer (drawn when no base map is configured) and the base map
settings every map page sends."""

import json

from django.urls import reverse

from zhengzhi.territory import services
from zhengzhi.territory.basemap import road_label
from zhengzhi.territory.demo import build_demo_territory
from zhengzhi.territory.models import Segment
from zhengzhi.territory.tests.conftest import collection, feature

ROAD = {"type": "LineString", "coordinates": [[120.0, 30.005], [120.02, 30.005]]}


def test_road_labels_drop_the_section():
    assert road_label("解放路（西环路—人民大道段）") == "解放路"
    assert road_label("青年路第14段") == "青年路第14段"
    assert road_label("Main St (1st - 2nd)") == "Main St"


def test_the_street_layer_is_public_names_roads_and_communities(
    client, units, people, boundaries, django_assert_num_queries
):
    services.import_geojson(
        "segments",
        json.dumps(
            collection(
                feature(
                    ROAD,
                    code="s-1",
                    name="解放路（西环路—人民大道段）",
                    unit=units["c1"].code,
                    responsible_party="沿街商户，责任人王五 13800000009",
                )
            )
        ).encode(),
        actor=people["admin"],
    )
    with django_assert_num_queries(2):
        response = client.get(reverse("territory:streets"))  # no login: the citizen's map too
    assert response.status_code == 200 and "public" in response["Cache-Control"]
    data = response.json()
    (road,) = data["segments"]["features"]
    assert road["properties"] == {"name": "解放路（西环路—人民大道段）", "label": "解放路"}
    assert road["geometry"] == ROAD
    areas = {f["properties"]["name"]: f["properties"] for f in data["areas"]["features"]}
    # Streets and communities, with a point inside each for its name; not the district.
    assert {p["level"] for p in areas.values()} == {"street", "community"}
    assert units["district"].name not in areas
    at = areas[units["c1"].name]["at"]
    assert 120.00 < at[0] < 120.02 and 30.00 < at[1] < 30.01
    # Nothing about people: no responsible party, no phone, no grid worker.
    assert "13800000009" not in response.content.decode()


def test_an_inactive_segment_is_not_drawn(client, units, people):
    services.import_geojson(
        "segments",
        json.dumps(
            collection(feature(ROAD, code="s-1", name="旧路", unit=units["c1"].code))
        ).encode(),
        actor=people["admin"],
    )
    Segment.objects.update(is_active=False)
    assert client.get(reverse("territory:streets")).json()["segments"]["features"] == []


def test_the_demo_district_names_its_streets(client, demo_org):
    build_demo_territory(demo_org)
    data = client.get(reverse("territory:streets")).json()
    labels = {f["properties"]["label"] for f in data["segments"]["features"]}
    assert {"解放路", "人民大道", "北环路", "西环路", "南环路", "和平路"} <= labels
    assert len(data["areas"]["features"]) == 2 + 8  # two streets, eight communities


def test_every_map_page_sends_the_base_map(client, people, grids, settings):
    settings.MAP_SERVICE_URL = settings.MAP_TILE_URL = settings.MAP_OFFLINE_FILE = ""
    client.force_login(people["admin"])
    pages = {
        "territory-map-config": reverse("territory:map"),
        "grid-map-config": reverse("territory:grid_detail", args=[grids["g1"].pk]),
    }
    for config_id, url in pages.items():
        body = client.get(url).content.decode()
        config = json.loads(
            body.split(f'id="{config_id}" type="application/json">')[1].split("</script>")[0]
        )
        assert config["basemap"]["source"] == "none"
        assert config["basemap"]["streetsUrl"] == reverse("territory:streets")
        assert "zhengzhi/basemap.js" in body
