"""The pages: the checklist filled by form, the report, the plans, results; scope and counts."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from zhengzhi.files.tests.samples import image_bytes
from zhengzhi.inspections.models import PlanKind, VisitStatus
from zhengzhi.inspections.services import plans
from zhengzhi.inspections.services.errors import InspectionError
from zhengzhi.inspections.services.submission import Given, submit_visit
from zhengzhi.inspections.tests.helpers import all_pass, plan
from zhengzhi.ledger.models import Problem

pytestmark = pytest.mark.django_db


@pytest.fixture
def visit(staff, units, checklists, sites):
    p = plan(staff["admin"], [checklists["market"]], units=[units["c1"]], team=[staff["inspector"]])
    (v,) = plans.make_visits(p.pk, actor=staff["admin"])
    return v


def _form(version, fail=(), photo=True):
    data = {}
    for item in version.items.all():
        data[f"r-{item.code}"] = "fail" if item.code in fail else "pass"
        if item.code in fail:
            data[f"note-{item.code}"] = f"{item.code} 不合格"
            if photo:
                data[f"photo-{item.code}"] = SimpleUploadedFile(
                    "p.jpg", image_bytes(), content_type="image/jpeg"
                )
    return data


def test_the_checklist_form_submits_and_opens_problems(staff, visit, as_user):
    client = as_user(staff["inspector"])
    page = client.get(f"/inspections/visits/{visit.pk}/")
    assert page.status_code == 200 and b"All pass" in page.content
    r = client.post(
        f"/inspections/visits/{visit.pk}/", _form(visit.checklist_version, ("M01", "M22"))
    )
    assert r.status_code == 302
    visit.refresh_from_db()
    assert visit.status == VisitStatus.SUBMITTED and visit.failures == 2
    assert Problem.objects.count() == 2
    report = client.get(f"/inspections/visits/{visit.pk}/report/")
    assert report.status_code == 200 and "M22 不合格" in report.content.decode()


def test_a_refused_submission_keeps_the_answers_and_photos(staff, visit, as_user):
    client = as_user(staff["inspector"])
    data = _form(visit.checklist_version, ("M01", "M22"))
    del data["r-M05"]
    r = client.post(f"/inspections/visits/{visit.pk}/", data)
    assert r.status_code == 200
    html = r.content.decode()
    assert "M05" in html and 'name="photo_id-M01"' in html  # the photo is kept
    assert not Problem.objects.exists()


def test_another_units_visit_and_plan_are_not_found(staff, visit, as_user):
    client = as_user(staff["other_handler"])
    assert client.get(f"/inspections/visits/{visit.pk}/").status_code == 404
    assert client.get(f"/inspections/visits/{visit.pk}/report/").status_code == 404
    assert client.get(f"/inspections/plans/{visit.plan_id}/").status_code == 404
    own = as_user(staff["handler"])  # the inspected unit reads it, cannot fill it
    r = own.get(f"/inspections/visits/{visit.pk}/")
    assert r.status_code == 200 and b"checklist-form" not in r.content
    assert own.post(f"/inspections/visits/{visit.pk}/", {}).status_code == 200
    visit.refresh_from_db()
    assert visit.status == VisitStatus.PLANNED


def test_covert_pages_hidden_until_release(staff, units, checklists, sites, as_user, photo):
    inspector = staff["inspector"]
    p = plan(
        staff["admin"],
        [checklists["market"]],
        kind=PlanKind.COVERT,
        units=[units["c1"]],
        team=[inspector],
    )
    (v,) = plans.make_visits(p.pk, actor=staff["admin"])
    submit_visit(
        v.pk,
        actor=inspector,
        answers=all_pass(v.checklist_version, M01=Given(result="fail", photo=photo(inspector))),
    )
    handler = as_user(staff["handler"])
    assert handler.get(f"/inspections/visits/{v.pk}/").status_code == 404
    assert handler.get(f"/inspections/plans/{p.pk}/").status_code == 404
    assert p.name not in handler.get("/inspections/plans/").content.decode()
    assert "柳岸农贸市场" not in handler.get("/inspections/results/?by=site").content.decode()
    admin = as_user(staff["admin"])
    assert admin.post(f"/inspections/plans/{p.pk}/release/").status_code == 302
    handler = as_user(staff["handler"])
    assert handler.get(f"/inspections/visits/{v.pk}/").status_code == 200
    assert "柳岸农贸市场" in handler.get("/inspections/results/?by=site").content.decode()


def test_list_pages_cost_the_same_whatever_the_rows(
    staff, units, checklists, sites, as_user, django_assert_max_num_queries
):
    from zhengzhi.sites.tests.helpers_coverage import make_site

    for n in range(15):
        make_site(f"市场{n}", owner=units["c1"], kind_code="market", address=f"{n}号")
    p = plan(staff["admin"], [checklists["market"]], units=[units["c1"]], team=[staff["inspector"]])
    visits = plans.make_visits(p.pk, actor=staff["admin"])
    for v in visits[:6]:
        submit_visit(v.pk, actor=staff["inspector"], answers=all_pass(v.checklist_version))
    client = as_user(staff["admin"])
    for url in (
        "/inspections/plans/",
        f"/inspections/plans/{p.pk}/",
        f"/inspections/?day={visits[0].due_on:%Y-%m-%d}",
        "/inspections/results/?start=2026-01-01&end=2026-12-31&by=site",
        "/inspections/checklists/",
        f"/inspections/visits/{visits[0].pk}/",
    ):
        with django_assert_max_num_queries(16):
            assert client.get(url).status_code == 200, url


def test_pages_and_a_new_plan(staff, checklists, as_user):
    client = as_user(staff["admin"])
    r = client.post(
        "/inspections/plans/new/",
        {
            "name": "六月明查",
            "kind": "open",
            "checklists": [checklists["toilet"].pk],
            "starts_on": "2026-06-01",
            "ends_on": "2026-06-30",
            "windows": ["noon"],
        },
    )
    assert r.status_code == 302
    assert client.get(r["Location"]).status_code == 200
    bad = client.post(
        "/inspections/plans/new/",
        {
            "name": "x",
            "kind": "open",
            "checklists": [checklists["toilet"].pk],
            "starts_on": "2026-06-30",
            "ends_on": "2026-06-01",
        },
    )
    assert bad.status_code == 200 and b"ends before it starts" in bad.content
    assert as_user(staff["handler"]).get("/inspections/plans/new/").status_code == 404
    c = checklists["covert-county"]
    assert client.get(f"/inspections/checklists/{c.pk}/?v=abc").status_code == 200


def _grid(community, n: int):
    from zhengzhi.territory.models import Grid

    box = {"min_lon": 120.0, "min_lat": 30.0, "max_lon": 120.01, "max_lat": 30.01}
    return Grid.objects.create(
        code=f"{community.division_code}{n:03d}", name=f"网格{n}", community=community,
        geometry={"type": "Polygon", "coordinates": []}, **box,
    )  # fmt: skip


def test_a_plan_names_its_grids_site_kinds_segments_and_joint_departments(
    staff, units, checklists, as_user
):
    from zhengzhi.inspections.models import Plan
    from zhengzhi.sites.models import SiteKind

    mine, theirs = _grid(units["c1"], 1), _grid(units["c2"], 2)
    kind = SiteKind.objects.first()
    form = {
        "name": "联合检查",
        "kind": "joint",
        "checklists": [checklists["toilet"].pk],
        "starts_on": "2026-06-01",
        "ends_on": "2026-06-30",
    }
    client = as_user(staff["admin"])
    fields = client.get("/inspections/plans/new/").context["form"].fields
    assert set(fields["grids"].queryset) == {mine, theirs}
    assert units["dept"] in fields["departments"].queryset
    r = client.post(
        "/inspections/plans/new/",
        {**form, "grids": [mine.pk], "site_kinds": [kind.pk], "departments": [units["dept"].pk]},
    )
    assert r.status_code == 302
    plan = Plan.objects.latest("pk")
    assert list(plan.grids.all()) == [mine] and list(plan.site_kinds.all()) == [kind]
    assert list(plan.departments.all()) == [units["dept"]]
    # A community plans its self-inspection over its own grids: another's is not offered,
    # and named anyway it is "not found".
    leader = as_user(staff["c1_leader"])
    fields = leader.get("/inspections/plans/new/").context["form"].fields
    assert set(fields["grids"].queryset) == {mine}
    with pytest.raises(InspectionError):
        plans.create_plan(
            plans.PlanInput(
                name="自查", kind="self", starts_on=dt.date(2026, 6, 1),
                ends_on=dt.date(2026, 6, 30), checklist_ids=[checklists["toilet"].pk],
                unit_ids=[units["c1"].pk], grid_ids=[theirs.pk], site_kind_ids=[],
                segment_ids=[], team_ids=[], windows=[], sample_size=None, seed=None,
            ),
            actor=staff["c1_leader"],
        )  # fmt: skip


def test_the_results_export_is_scoped_as_the_pages(staff, units, checklists, sites, photo, as_user):
    import io

    from openpyxl import load_workbook

    from zhengzhi.conftest import local

    inspector = staff["inspector"]
    for kind in (PlanKind.OPEN, PlanKind.COVERT):
        p = plan(staff["admin"], [checklists["market"]], kind=kind, units=[units["c1"]])
        (visit,) = plans.make_visits(p.pk, actor=staff["admin"])
        answers = all_pass(
            visit.checklist_version, M01=Given(result="fail", photo=photo(inspector))
        )
        submit_visit(visit.pk, actor=inspector, answers=answers, now=local(2026, 6, 3, 10))
    query = {"start": "2026-06-01", "end": "2026-06-30"}

    def exported(user):
        response = as_user(user).get("/inspections/results/export.xlsx", query)
        assert response.status_code == 200
        book = load_workbook(io.BytesIO(response.content))
        visits = list(book.worksheets[1].iter_rows(min_row=2, values_only=True))
        assert int(response["X-Export-Rows"]) == len(visits)
        return visits

    office = exported(staff["admin"])
    assert len(office) == 2 and {row[4] for row in office} == {"柳岸农贸市场"}
    # The community sees its open visit, not the covert one before it is released.
    assert len(exported(staff["c1_leader"])) == 1
    assert exported(staff["c2_handler"]) == []
    page = as_user(staff["admin"]).get("/inspections/results/", query)
    assert 'id="export-xlsx"' in page.text
