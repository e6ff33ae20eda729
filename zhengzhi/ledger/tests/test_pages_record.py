"""Recording a problem: the point routes to grid and owner, photos from the phone's camera,
everything typed kept on an error, "register at once" for dispatchers; and the navigation."""

import json

import pytest
from django.urls import reverse

from zhengzhi.files.models import StoredFile
from zhengzhi.ledger.models import Problem, Status
from zhengzhi.ledger.tests.pages_support import jpeg

pytestmark = pytest.mark.django_db
NEW = reverse("ledger:new")


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def form(**overrides):
    data = {
        "category": "0401",
        "source": "patrol",
        "description": "沿街店铺占道经营",
        "address": "柳岸路12号",
        "lon": "120.005",
        "lat": "30.005",
    }
    data.update(overrides)
    return data


def config(html: str) -> dict:
    return json.loads(
        html.split('id="record-map-config" type="application/json">')[1].split("<")[0]
    )


def test_the_form_is_made_for_a_phone(as_user, staff, categories):
    html = as_user(staff["handler"]).get(NEW).content.decode()
    assert 'capture="environment"' in html and 'accept="image/*"' in html and "multiple" in html
    assert 'id="use-location"' in html and 'id="record-map"' in html
    assert '<optgroup label="04 街面秩序">' in html and "0401 占道经营" in html
    assert 'name="register"' not in html  # a grid worker does not register
    cfg = config(html)
    assert cfg["dataUrl"] == reverse("territory:map_data")
    assert cfg["routeUrl"] == "/api/v1/territory/route"
    assert 'value="patrol" selected' in html


def test_the_route_shown_before_saving_names_grid_community_and_owner(as_user, staff, grids, units):
    client = as_user(staff["handler"])
    route = client.get(
        config(client.get(NEW).content.decode())["routeUrl"], {"lon": 120.005, "lat": 30.005}
    )
    data = route.json()
    assert data["grid"]["code"] == grids[0].code and data["grid"]["name"] == "柳岸1"
    assert data["community"]["name"] == "柳岸社区" and data["unit"]["id"] == units["c1"].pk


def test_a_grid_worker_records_a_problem_with_photos(as_user, staff, grids, units, categories):
    client = as_user(staff["handler"])
    response = client.post(NEW, {**form(), "photos": [jpeg("1.jpg"), jpeg("2.jpg")]})
    p = Problem.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "ledger:detail", args=[p.pk]
    )
    assert p.status == Status.REPORTED and p.owner_unit == units["c1"] and p.grid == grids[0]
    assert p.reported_by == staff["handler"] and p.address == "柳岸路12号"
    photos = StoredFile.objects.filter(owner_id=p.pk, purpose="before")
    assert photos.count() == 2 and {f.unit_id for f in photos} == {units["c1"].pk}
    page = client.get(response["Location"]).content.decode()
    assert f"Problem {p.number} recorded." in page


def test_an_error_keeps_everything_typed_and_the_photos(as_user, staff, grids, categories):
    client = as_user(staff["handler"])
    response = client.post(NEW, {**form(category=""), "photos": [jpeg()]})
    assert response.status_code == 200
    assert Problem.objects.count() == 0
    html = response.content.decode()
    assert "沿街店铺占道经营" in html and 'value="柳岸路12号"' in html
    assert 'name="lon" value="120.005"' in html and 'name="lat" value="30.005"' in html
    kept = StoredFile.objects.get(uploaded_by=staff["handler"])
    assert f'name="photo_ids" value="{kept.pk}"' in html and f"/files/{kept.pk}/thumb/" in html
    response = client.post(NEW, {**form(), "photo_ids": [str(kept.pk)]})
    assert response.status_code == 302
    kept.refresh_from_db()
    assert kept.owner_id == Problem.objects.get().pk and kept.purpose == "before"


def test_a_place_is_needed(as_user, staff, categories):
    response = as_user(staff["handler"]).post(NEW, form(lon="", lat="", address=""))
    assert response.status_code == 200
    assert "Give the place: tap the map, use your location or type an address." in (
        response.content.decode()
    )
    assert Problem.objects.count() == 0


def test_an_address_without_a_point_is_enough(as_user, staff, categories):
    response = as_user(staff["handler"]).post(NEW, form(lon="", lat=""))
    assert response.status_code == 302
    assert Problem.objects.get().lon is None


def test_a_half_point_or_an_impossible_one_is_refused(as_user, staff, categories):
    client = as_user(staff["handler"])
    assert client.post(NEW, form(lat="")).status_code == 200
    assert client.post(NEW, form(lon="300")).status_code == 200
    assert client.post(NEW, form(category="04")).status_code == 200  # a main category
    assert Problem.objects.count() == 0


def test_a_dispatcher_may_register_at_once(as_user, staff, grids, categories):
    client = as_user(staff["dispatcher"])
    html = client.get(NEW).content.decode()
    assert 'name="register"' in html and 'value="hotline" selected' in html
    client.post(NEW, form(source="hotline", register="on"))
    assert Problem.objects.get().status == Status.REGISTERED


def test_a_handler_cannot_register_by_posting_the_box(as_user, staff, grids, categories):
    as_user(staff["handler"]).post(NEW, form(register="on"))
    assert Problem.objects.get().status == Status.REPORTED


def test_leaders_read_and_do_not_record(as_user, staff, categories):
    client = as_user(staff["leader"])
    assert client.get(NEW).status_code == 404
    assert client.post(NEW, form()).status_code == 404
    assert Problem.objects.count() == 0


def test_recording_needs_a_login(client, db):
    response = client.get(NEW)
    assert response.status_code == 302 and "/accounts/login" in response["Location"]


def test_the_navigation_has_the_ledger(as_user, staff, client):
    html = as_user(staff["handler"]).get(reverse("ledger:queue")).content.decode()
    for href in (reverse("ledger:queue"), reverse("ledger:list"), NEW):
        assert f'href="{href}"' in html.split('class="mainnav"')[1].split("</nav>")[0]
    html = as_user(staff["leader"]).get(reverse("ledger:queue")).content.decode()
    nav = html.split('class="mainnav"')[1].split("</nav>")[0]
    assert f'href="{reverse("ledger:list")}"' in nav and f'href="{NEW}"' not in nav
