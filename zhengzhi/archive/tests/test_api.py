from zhengzhi.archive.services import evidence as ev
from zhengzhi.archive.tests.conftest import NOW, jpeg, pdf

API = "/api/v1/archive"


def test_the_table_and_completeness_in_the_api(sanitary, table, reqs, people, as_user):
    client = as_user(people["dept_handler"])
    rows = client.get(f"{API}/campaigns/{sanitary.pk}/table").json()
    assert {r["id"] for r in rows} == {table["item1"].pk, table["item2"].pk}
    assert all(r["no_task"] for r in rows)
    done = client.get(f"{API}/campaigns/{sanitary.pk}/completeness").json()
    assert done["total"] == {"required": 11, "present": 0, "accepted": 0, "missing": 11}
    other = as_user(people["other_handler"])
    assert other.get(f"{API}/campaigns/{sanitary.pk}/table").status_code == 404
    assert other.get(f"{API}/items/{table['item1'].pk}/evidence").status_code == 404


def test_filing_and_reviewing_through_the_api(reqs, table, people, units, as_user):
    client = as_user(people["dept_handler"])
    uploaded = client.post("/api/v1/files/", {"file": jpeg(), "unit_id": units["dept"].pk})
    assert uploaded.status_code == 201, uploaded.content
    url = f"{API}/requirements/{reqs['r1'].pk}/evidence"
    body = {"unit_id": units["dept"].pk, "file_id": uploaded.json()["id"], "year": 1999}
    bad = client.post(url, body, content_type="application/json")
    assert bad.status_code == 422 and bad.json()["code"] == "year"
    answer = client.post(url, {**body, "year": 2026}, content_type="application/json")
    assert answer.status_code == 201, answer.content
    piece = answer.json()
    assert (
        client.post(
            f"{API}/evidence/{piece['id']}/accept", {}, content_type="application/json"
        ).status_code
        == 403
    )
    admin = as_user(people["admin"])
    stale = admin.post(
        f"{API}/evidence/{piece['id']}/accept", {"version": 0}, content_type="application/json"
    )
    assert stale.status_code == 409
    back = admin.post(
        f"{API}/evidence/{piece['id']}/return",
        {"reason": "照片模糊"},
        content_type="application/json",
    )
    assert back.json()["status"] == "returned"
    listed = admin.get(f"{API}/items/{table['item1'].pk}/evidence").json()
    assert [len(r["evidence"]) for r in listed] == [1, 0]


def test_another_unit_cannot_file_or_read(reqs, people, units, as_user):
    piece = ev.upload(people["dept_handler"], reqs["r3"].pk, units["dept"], pdf(), now=NOW)
    other = as_user(people["other_handler"])
    uploaded = other.post("/api/v1/files/", {"file": jpeg()})
    body = {"unit_id": units["other_street"].pk, "file_id": uploaded.json()["id"]}
    answer = other.post(
        f"{API}/requirements/{reqs['r3'].pk}/evidence", body, content_type="application/json"
    )
    assert answer.status_code == 404
    assert (
        other.post(
            f"{API}/evidence/{piece.pk}/accept", {}, content_type="application/json"
        ).status_code
        == 404
    )
