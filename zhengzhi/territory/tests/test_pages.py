import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from zhengzhi.territory import services
from zhengzhi.territory.models import Grid
from zhengzhi.territory.tests.conftest import BOWTIE, C1, C2, box, collection, feature


def login(client, user):
    client.force_login(user)
    return client


@pytest.mark.parametrize("who", ["admin", "handler", "leader", "dept_handler", "street_leader"])
def test_the_map_renders_for_every_signed_in_role(client, people, who):
    response = login(client, people[who]).get(reverse("territory:map"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "vendor/leaflet/leaflet.js" in body and "territory/map.js" in body
    assert 'id="territory-map-config"' in body
    # The map's own import link (the navigation may offer other imports, e.g. rosters).
    assert (reverse("territory:import") in body) == (who == "admin")


def test_the_map_needs_a_login(client, db):
    response = client.get(reverse("territory:map"))
    assert response.status_code == 302 and "/accounts/login" in response["Location"]
    assert client.get(reverse("territory:map_data")).status_code == 302


def test_the_map_takes_a_configured_tile_server(client, people, settings):
    settings.MAP_TILE_URL = "http://gis.local/tiles/{z}/{x}/{y}.png"
    settings.MAP_TILE_ATTRIBUTION = "区测绘院"
    body = login(client, people["handler"]).get(reverse("territory:map")).content.decode()
    config = json.loads(
        body.split('id="territory-map-config" type="application/json">')[1].split("</script>")[0]
    )
    base = config["basemap"]
    assert base["source"] == "service" and base["crs"] == "webmercator"
    assert [layer["url"] for layer in base["layers"]] == [settings.MAP_TILE_URL]
    assert base["attribution"] == "区测绘院"


def test_map_data_is_scoped(client, people, grids, boundaries, units):
    def codes(user):
        data = login(client, people[user]).get(reverse("territory:map_data")).json()
        return sorted(f["properties"]["code"] for f in data["grids"]["features"]), data

    assert codes("admin")[0] == [C1 + "001", C1 + "002", C2 + "001"]
    assert codes("street_leader")[0] == [C1 + "001", C1 + "002", C2 + "001"]
    mine, data = codes("handler")
    assert mine == [C1 + "001", C1 + "002"]
    assert [f["properties"]["unit"] for f in data["boundaries"]["features"]] == ["柳岸社区"]
    g1 = next(f for f in data["grids"]["features"] if f["properties"]["code"] == C1 + "001")
    assert g1["properties"]["street"] == "东湖街道" and g1["properties"]["worker"] == "handler"
    assert codes("other_handler")[0] == []
    assert codes("dept_handler")[0] == []


def test_map_data_takes_few_queries(
    client, people, grids, boundaries, django_assert_max_num_queries
):
    login(client, people["admin"])
    with django_assert_max_num_queries(10):
        client.get(reverse("territory:map_data"))


def test_the_where_tool_answers_and_hides_another_units_contacts(
    client, people, grids, boundaries, units
):
    url = reverse("territory:where")
    mine = login(client, people["handler"]).get(url, {"lon": 120.005, "lat": 30.005}).json()
    assert mine["via"] == "grid" and mine["grid"]["worker"] == "handler"
    assert mine["community"]["name"] == "柳岸社区" and mine["street"]["name"] == "东湖街道"
    other = client.get(url, {"lon": 120.005, "lat": 30.015}).json()
    # Routed to c2 (named), but neither the grid nor its worker is shown outside the scope.
    assert other["via"] == "grid" and other["grid"] is None
    assert other["community"] == {"id": None, "name": "桃园社区"}
    assert client.get(url, {"lon": 120.025, "lat": 30.015}).json()["unit"]["name"] == "桃园社区"
    assert client.get(url, {"lon": 100, "lat": 10}).json()["via"] == "none"
    for bad in (
        {"lon": "x", "lat": 30},
        {"lon": 120},
        {"lon": 190, "lat": 30},
        {"lon": "nan", "lat": 1},
    ):
        response = client.get(url, bad)
        assert response.status_code == 400 and response.json()["detail"]


def make_many(units, people, n):
    for i in range(n):
        community = units["c1"] if i % 2 else units["c2"]
        services.create_grid(
            actor=people["admin"],
            code=f"{community.division_code}{i:03d}",
            name=f"网格{i}",
            community=community,
            geometry=box(120 + i * 0.01, 30, 120.01 + i * 0.01, 30.01),
        )


def test_the_grid_list_is_scoped_filtered_and_cheap(
    client, people, units, django_assert_max_num_queries
):
    make_many(units, people, 60)
    login(client, people["admin"])
    with django_assert_max_num_queries(11):
        response = client.get(reverse("territory:grid_list"))
    assert response.status_code == 200
    assert len(response.context["rows"]) == 50 and response.context["page"].paginator.count == 60
    assert "东湖街道" in response.content.decode()
    page2 = client.get(reverse("territory:grid_list"), {"page": 2})
    assert len(page2.context["rows"]) == 10
    filtered = client.get(reverse("territory:grid_list"), {"community": units["c1"].pk})
    assert filtered.context["page"].paginator.count == 30
    assert (
        client.get(reverse("territory:grid_list"), {"q": "网格7"}).context["page"].paginator.count
        == 1
    )
    login(client, people["handler"])
    response = client.get(reverse("territory:grid_list"))
    assert {g.community_id for g, _ in response.context["rows"]} == {units["c1"].pk}
    assert (
        login(client, people["other_handler"])
        .get(reverse("territory:grid_list"))
        .context["page"]
        .paginator.count
        == 0
    )


def test_a_grid_page_shows_its_unit_and_worker(client, people, grids):
    body = (
        login(client, people["handler"])
        .get(reverse("territory:grid_detail", args=[grids["g1"].pk]))
        .content.decode()
    )
    assert "柳岸1号网格" in body and "东湖街道" in body and "13800000001" in body
    assert "territory.grid.created" in body


def test_another_units_grid_is_not_found(client, people, grids):
    login(client, people["handler"])
    assert client.get(reverse("territory:grid_detail", args=[grids["g3"].pk])).status_code == 404
    login(client, people["other_handler"])
    assert client.get(reverse("territory:grid_detail", args=[grids["g1"].pk])).status_code == 404
    assert client.get(reverse("territory:grid_edit", args=[grids["g1"].pk])).status_code == 404


def test_only_the_office_admin_changes_grids(client, people, grids):
    for who in ("handler", "leader", "street_leader"):
        login(client, people[who])
        assert client.get(reverse("territory:grid_edit", args=[grids["g1"].pk])).status_code == 404
        assert client.post(reverse("territory:grid_create"), {}).status_code == 404
        assert client.get(reverse("territory:import")).status_code == 404


def form_data(grid, **changes):
    data = {
        "code": grid.code,
        "name": grid.name,
        "community": grid.community_id,
        "worker": "",
        "worker_name": grid.worker_name,
        "worker_phone": grid.worker_phone,
        "responsible_party": grid.responsible_party,
        "is_active": "on",
        "geometry": json.dumps(grid.geometry),
    }
    data.update(changes)
    return data


def test_the_admin_edits_a_grid(client, people, grids):
    login(client, people["admin"])
    url = reverse("territory:grid_edit", args=[grids["g2"].pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url, form_data(grids["g2"], name="新名字", worker="handler", worker_name="")
    )
    assert response.status_code == 302
    grid = Grid.objects.get(pk=grids["g2"].pk)
    assert (
        grid.name == "新名字" and grid.worker == people["handler"] and grid.worker_name == "handler"
    )


def test_a_bad_edit_shows_why_and_keeps_what_was_typed(client, people, grids):
    login(client, people["admin"])
    url = reverse("territory:grid_edit", args=[grids["g2"].pk])
    response = client.post(
        url, form_data(grids["g2"], name="保留我", geometry=json.dumps(BOWTIE), code=C2 + "009")
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Self-intersection" in body and "330199001001" in body  # geometry and code prefix
    assert "保留我" in body
    assert Grid.objects.get(pk=grids["g2"].pk).name == "柳岸2号网格"
    response = client.post(url, form_data(grids["g2"], geometry="{nope", worker="ghost"))
    assert response.status_code == 200
    assert response.context["form"].errors.keys() == {"geometry", "worker"}


def test_the_admin_creates_a_grid(client, people, units):
    login(client, people["admin"])
    response = client.post(
        reverse("territory:grid_create"),
        {
            "code": C1 + "010",
            "name": "新网格",
            "community": units["c1"].pk,
            "is_active": "on",
            "geometry": json.dumps(
                feature(box(120, 30, 120.01, 30.01))
            ),  # a Feature is accepted too
        },
    )
    assert response.status_code == 302
    assert Grid.objects.get().code == C1 + "010"


def upload(client, data, kind="grids", dry_run=False):
    payload = {"kind": kind, "file": SimpleUploadedFile("g.geojson", json.dumps(data).encode())}
    if dry_run:
        payload["dry_run"] = "on"
    return client.post(reverse("territory:import"), payload)


def test_the_upload_page_lists_bad_features_and_keeps_nothing(client, people, units):
    login(client, people["admin"])
    response = upload(
        client,
        collection(
            feature(box(120, 30, 120.01, 30.01), code=C1 + "001", name="好"),
            feature(BOWTIE, code=C1 + "002", name="坏"),
        ),
    )
    assert response.status_code == 200
    errors = response.context["result"].errors
    assert [(e.index, e.code) for e in errors] == [(2, C1 + "002")]
    assert "Self-intersection" in response.content.decode()
    assert not Grid.objects.exists()


def test_the_upload_page_loads_a_good_file(client, people, units):
    login(client, people["admin"])
    good = collection(feature(box(120, 30, 120.01, 30.01), code=C1 + "001", name="好"))
    response = upload(client, good, dry_run=True)
    assert response.status_code == 200 and response.context["result"].created == 1
    assert not Grid.objects.exists()
    response = upload(client, good)
    assert response.status_code == 302
    assert Grid.objects.get().name == "好"
