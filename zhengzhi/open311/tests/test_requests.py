"""GET requests, requests/{id} and tokens/{token}: the spec's fields and filters, in both formats,
without personal data, covert visits or closed categories, in a bounded number of queries."""

import datetime as dt

import pytest
from django.utils import timezone

from zhengzhi.ledger.models import Problem, Source, Status
from zhengzhi.open311.tests.conftest import INSIDE, errors_of, parse
from zhengzhi.public.services.intake import submit_report

pytestmark = pytest.mark.django_db

REQUEST_FIELDS = [
    "service_request_id",
    "status",
    "status_notes",
    "service_name",
    "service_code",
    "description",
    "agency_responsible",
    "service_notice",
    "requested_datetime",
    "updated_datetime",
    "expected_datetime",
    "address",
    "address_id",
    "zipcode",
    "lat",
    "long",
    "media_url",
]


@pytest.fixture
def ledger(new_problem, categories, grids):
    citizen, _ = submit_report(
        category=categories["0101"],
        description="垃圾堆了三天，我的电话13812341234，身份证330102199001011234，邮箱li.si@example.com",
        lon=INSIDE[0],
        lat=INSIDE[1],
        address="柳岸路8号",
        name="李四",
        phone="13912345678",
        email="lisi@example.com",
        channel="open311",
        media_urls=["https://fms.example/p/1.jpg"],
        api_client="FixMyStreet",
    )
    return {
        "citizen": citizen,
        "patrol": new_problem("0401"),
        "covert": new_problem("0402", source=Source.COVERT),
        "closed_category": new_problem("0203"),
        "rejected": new_problem("0403"),
        "old": new_problem("0404"),
    }


def test_requests_xml_has_the_spec_fields_and_no_personal_data(en, ledger):
    response = en.get("/open311/v2/requests.xml", {"jurisdiction_id": "qc.gov.cn"})
    assert response.status_code == 200
    root = parse(response)
    assert root.tag == "service_requests"
    requests = {r.findtext("service_request_id"): r for r in root.findall("request")}
    citizen = ledger["citizen"].problem
    assert citizen.number in requests and ledger["patrol"].number in requests
    assert ledger["covert"].number not in requests
    assert ledger["closed_category"].number not in requests
    r = requests[citizen.number]
    assert [c.tag for c in r] == REQUEST_FIELDS
    assert r.findtext("status") == "open"
    assert r.findtext("service_code") == "0101" and r.findtext("service_name") == "暴露垃圾"
    assert r.findtext("agency_responsible") == "柳岸社区"
    assert r.findtext("lat") == str(INSIDE[1]) and r.findtext("long") == str(INSIDE[0])
    assert r.findtext("media_url") == "https://fms.example/p/1.jpg"
    assert r.findtext("requested_datetime").endswith("+08:00")
    body = response.content.decode()
    for secret in (
        "李四",
        "13912345678",
        "lisi@example.com",
        "13812341234",
        "199001011234",
        "li.si@",
        ledger["citizen"].tracking_code,
    ):
        assert secret not in body
    assert "138****1234" in r.findtext("description")
    assert "330102********1234" in r.findtext("description")


def test_requests_json_statuses_and_notes(en, ledger):
    Problem.objects.filter(pk=ledger["rejected"].pk).update(
        status=Status.REJECTED, reject_reason="不属于城市管理范围"
    )
    Problem.objects.filter(pk=ledger["patrol"].pk).update(
        status=Status.CLOSED, closed_at=timezone.now()
    )
    data = {r["service_request_id"]: r for r in en.get("/open311/v2/requests.json").json()}
    assert list(data[ledger["patrol"].number]) == REQUEST_FIELDS
    assert data[ledger["patrol"].number]["status"] == "closed"
    rejected = data[ledger["rejected"].number]
    assert rejected["status"] == "closed" and "不属于城市管理范围" in rejected["status_notes"]
    citizen = data[ledger["citizen"].problem.number]
    assert citizen["status"] == "open" and citizen["status_notes"] == "Awaiting registration"
    assert citizen["lat"] == INSIDE[1] and citizen["address_id"] is None
    assert data[ledger["patrol"].number]["media_url"] is None


def test_a_merged_request_names_its_master(en, ledger):
    master, dup = ledger["patrol"], ledger["citizen"].problem
    Problem.objects.filter(pk=dup.pk).update(status=Status.MERGED, master=master)
    [r] = en.get(f"/open311/v2/requests/{dup.number}.json").json()
    assert r["status"] == "closed" and master.number in r["status_notes"]


def test_filters_service_code_status_and_ids(en, ledger):
    Problem.objects.filter(pk=ledger["patrol"].pk).update(status=Status.CLOSED)

    def numbers(**params):
        response = en.get("/open311/v2/requests.json", params)
        assert response.status_code == 200, response.content
        return {r["service_request_id"] for r in response.json()}

    citizen, patrol, rejected = (
        ledger["citizen"].problem.number,
        ledger["patrol"].number,
        ledger["rejected"].number,
    )
    assert numbers(service_code="0101") == {citizen}
    assert numbers(service_code="0101,0401") == {citizen, patrol}
    assert patrol not in numbers(status="open") and citizen in numbers(status="open")
    assert numbers(status="closed") == {patrol}
    assert numbers(status="open,closed") == numbers()
    # service_request_id overrides every other parameter; a covert one stays hidden
    assert numbers(
        service_request_id=f"{citizen},{patrol},{ledger['covert'].number}",
        service_code="9999",
        status="closed",
    ) == {citizen, patrol}
    assert numbers(service_request_id=rejected) == {rejected}


def test_dates_default_to_90_days_and_may_not_span_more(en, ledger):
    old = ledger["old"]
    long_ago = timezone.now() - dt.timedelta(days=100)
    Problem.objects.filter(pk=old.pk).update(reported_at=long_ago)
    got = {r["service_request_id"] for r in en.get("/open311/v2/requests.json").json()}
    assert old.number not in got and ledger["patrol"].number in got
    window = {
        "start_date": (long_ago - dt.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "end_date": (long_ago + dt.timedelta(days=30)).isoformat(),
    }
    got = {r["service_request_id"] for r in en.get("/open311/v2/requests.json", window).json()}
    assert got == {old.number}
    only_start = {"start_date": window["start_date"]}
    got = {r["service_request_id"] for r in en.get("/open311/v2/requests.json", only_start).json()}
    assert got == {old.number}


@pytest.mark.parametrize(
    "params,words",
    [
        ({"start_date": "2026-01-01T00:00:00Z", "end_date": "2026-06-01T00:00:00Z"}, "90 days"),
        ({"start_date": "2026-02-01T00:00:00Z", "end_date": "2026-01-01T00:00:00Z"}, "before"),
        ({"start_date": "yesterday"}, "start_date"),
        ({"end_date": "2026-13-45T99:00:00Z"}, "end_date"),
        ({"start_date": "0001-01-01T00:00:00Z"}, "start_date"),
        ({"status": "pending"}, "status"),
    ],
)
@pytest.mark.parametrize("fmt", ["xml", "json"])
def test_bad_filters_are_400_in_the_spec_format(en, ledger, params, words, fmt):
    response = en.get(f"/open311/v2/requests.{fmt}", params)
    assert response.status_code == 400
    [(code, description)] = errors_of(response)
    assert code == 400 and words in description


def test_one_request_by_id_in_both_formats(en, ledger):
    number = ledger["citizen"].problem.number
    root = parse(en.get(f"/open311/v2/requests/{number}.xml"))
    assert [r.findtext("service_request_id") for r in root.findall("request")] == [number]
    assert en.get(f"/open311/v2/requests/{number}.json").json()[0]["service_request_id"] == number
    for hidden in (ledger["covert"].number, ledger["closed_category"].number, "2026-999999"):
        response = en.get(f"/open311/v2/requests/{hidden}.xml")
        assert response.status_code == 404
        assert errors_of(response)[0][0] == 404


def test_tokens_give_the_request_id(en, ledger):
    report = ledger["citizen"]
    root = parse(en.get(f"/open311/v2/tokens/{report.tracking_code}.xml"))
    request = root.find("request")
    assert request.findtext("service_request_id") == report.problem.number
    assert request.findtext("token") == report.tracking_code
    data = en.get(f"/open311/v2/tokens/{report.tracking_code.lower()}.json").json()
    assert data == [{"service_request_id": report.problem.number, "token": report.tracking_code}]
    response = en.get("/open311/v2/tokens/ZZZZZZZZZZ.json")
    assert response.status_code == 404 and errors_of(response)[0][0] == 404


def test_the_list_takes_a_fixed_number_of_queries(
    en, ledger, new_problem, django_assert_max_num_queries
):
    for _ in range(15):
        new_problem("0401")
    with django_assert_max_num_queries(4):
        response = en.get("/open311/v2/requests.json")
    assert len(response.json()) >= 18
