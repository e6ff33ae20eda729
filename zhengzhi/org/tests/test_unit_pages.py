import pytest

from zhengzhi.audit.models import AuditEvent
from zhengzhi.conftest import make_user
from zhengzhi.org.models import Unit

pytestmark = pytest.mark.django_db

ALL = {"lg", "office", "qc", "donghu", "liuan", "taoyuan", "xishan", "cgj"}
VISIBLE = {
    "admin": ALL,
    "dispatcher": ALL,
    "inspector": ALL,
    "followup": ALL,
    "leader": ALL,
    "street_leader": {"donghu", "liuan", "taoyuan"},
    "handler": {"liuan"},
    "other_handler": {"xishan"},
    "dept_handler": {"cgj"},
}


@pytest.mark.parametrize("who", sorted(VISIBLE))
def test_each_role_sees_its_units_and_no_others(client, units, people, who):
    client.force_login(people[who])
    page = client.get("/org/units/")
    assert page.status_code == 200
    assert {u.code for u in page.context["units"]} == VISIBLE[who]
    for unit in Unit.objects.all():
        status = client.get(f"/org/units/{unit.pk}/").status_code
        assert status == (200 if unit.code in VISIBLE[who] else 404), unit.code


@pytest.mark.parametrize("who", ["leader", "dispatcher", "street_leader", "handler"])
def test_only_the_office_admin_manages_units(client, units, people, who):
    client.force_login(people[who])
    unit = units["c1"]
    assert client.get("/org/units/new/").status_code == 404
    assert client.get(f"/org/units/{unit.pk}/edit/").status_code == 404
    assert client.post(f"/org/units/{unit.pk}/deactivate/").status_code == 404
    assert client.get("/org/units/import/").status_code == 404
    assert client.get("/org/units/").context["can_manage"] is False


def test_list_shows_tree_with_counts(client, units, people, django_assert_max_num_queries):
    client.force_login(people["admin"])
    with django_assert_max_num_queries(12):
        page = client.get("/org/units/")
    rows = {u.code: u for u in page.context["units"]}
    assert rows["donghu"].n_users == 1 and rows["liuan"].n_users == 1
    assert rows["liuan"].indent == 2 and rows["qc"].indent == 0
    body = page.content.decode()
    assert "330199001001" in body


def test_list_query_count_does_not_grow_with_units(
    client, units, people, django_assert_max_num_queries
):
    client.force_login(people["admin"])
    for i in range(30):
        Unit.objects.add_root(
            create_kwargs={"name": f"局{i}", "code": f"j{i}", "kind": "department"}
        )
    with django_assert_max_num_queries(12):
        assert client.get("/org/units/").status_code == 200


def test_list_filters(client, units, people):
    client.force_login(people["admin"])
    page = client.get("/org/units/", {"level": "community"})
    assert {u.code for u in page.context["units"]} == {"liuan", "taoyuan"}
    page = client.get("/org/units/", {"q": "3301990010"})
    assert {u.code for u in page.context["units"]} == {"liuan", "taoyuan"}
    page = client.get("/org/units/", {"kind": "department"})
    assert {u.code for u in page.context["units"]} == {"cgj"}


def test_admin_creates_a_unit_under_a_parent(client, units, people):
    client.force_login(people["admin"])
    form = client.get(f"/org/units/new/?parent={units['street'].pk}")
    assert form.context["form"].initial["parent"] == units["street"]
    response = client.post(
        "/org/units/new/",
        {
            "parent": units["street"].pk,
            "name": "湖滨社区",
            "code": "hubin",
            "kind": "territory",
            "level": "community",
            "division_code": "330199001003",
        },
    )
    unit = Unit.objects.get(code="hubin")
    assert response.status_code == 302 and response.url == f"/org/units/{unit.pk}/"
    assert Unit.objects.get_parent(unit) == units["street"]
    assert AuditEvent.objects.filter(action="unit.create", object_id=str(unit.pk)).exists()


def test_a_bad_unit_form_keeps_what_was_typed(client, units, people):
    client.force_login(people["admin"])
    response = client.post(
        "/org/units/new/",
        {
            "parent": units["district"].pk,
            "name": "错社区",
            "code": "cuo",
            "kind": "territory",
            "level": "community",
            "division_code": "3301990",
        },
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert "parent" in form.errors and "division_code" in form.errors
    body = response.content.decode()
    assert 'value="错社区"' in body and 'value="3301990"' in body
    assert not Unit.objects.filter(code="cuo").exists()


def test_admin_edits_a_unit(client, units, people):
    client.force_login(people["admin"])
    c2 = units["c2"]
    response = client.post(
        f"/org/units/{c2.pk}/edit/",
        {
            "parent": units["street"].pk,
            "name": "桃园新村社区",
            "code": "taoyuan",
            "kind": "territory",
            "level": "community",
            "division_code": "330199001002",
            "phone": "0571-1234567",
        },
    )
    assert response.status_code == 302
    c2.refresh_from_db()
    assert c2.name == "桃园新村社区" and c2.phone == "0571-1234567"
    event = AuditEvent.objects.get(action="unit.update")
    assert event.data["name"] == ["桃园社区", "桃园新村社区"]


def test_deactivate_is_refused_while_users_or_sub_units_are_active(client, units, people):
    client.force_login(people["admin"])
    street = units["street"]
    page = client.get(f"/org/units/{street.pk}/deactivate/")
    assert len(page.context["blockers"]) == 2
    response = client.post(f"/org/units/{street.pk}/deactivate/")
    assert response.status_code == 409
    street.refresh_from_db()
    assert street.is_active


def test_deactivate_and_reactivate_an_empty_unit(client, units, people):
    client.force_login(people["admin"])
    c2 = units["c2"]
    assert client.post(f"/org/units/{c2.pk}/deactivate/").status_code == 302
    c2.refresh_from_db()
    assert not c2.is_active
    assert client.post(f"/org/units/{c2.pk}/reactivate/").status_code == 302
    c2.refresh_from_db()
    assert c2.is_active
    assert AuditEvent.objects.filter(action__in=["unit.deactivate", "unit.reactivate"]).count() == 2


def test_detail_lists_children_and_users_in_scope(client, units, people):
    make_user("extra", units["c2"], "handler")
    client.force_login(people["street_leader"])
    page = client.get(f"/org/units/{units['street'].pk}/")
    assert {c.code for c in page.context["children"]} == {"liuan", "taoyuan"}
    assert [u.username for u in page.context["users"]] == ["street_leader"]
    # the street leader cannot see the district above, so no link to it
    assert page.context["parent"] is None and page.context["ancestors"] == []
