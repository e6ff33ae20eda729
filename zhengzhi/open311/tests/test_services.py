"""GET services and service definitions in both formats, shaped as the specification's examples;
discovery; jurisdiction_id; formats and methods that do not exist."""

import pytest

from zhengzhi.open311.tests.conftest import errors_of, parse

pytestmark = pytest.mark.django_db

SERVICE_FIELDS = [
    "service_code",
    "service_name",
    "description",
    "metadata",
    "type",
    "keywords",
    "group",
]


def test_services_xml_lists_the_public_categories_as_the_spec_shows(en, questions):
    response = en.get("/open311/v2/services.xml")
    assert response.status_code == 200
    root = parse(response)
    assert root.tag == "services"
    services = {s.findtext("service_code"): s for s in root.findall("service")}
    assert "0101" in services and "0401" in services
    assert "0203" not in services  # not open to the public
    assert "01" not in services  # a main category is a group, not a service
    s = services["0101"]
    assert [child.tag for child in s] == SERVICE_FIELDS
    assert s.findtext("service_name") == "暴露垃圾"
    assert s.findtext("group") == "市容环境"
    assert s.findtext("type") == "realtime"
    assert s.findtext("metadata") == "true"
    assert services["0102"].findtext("metadata") == "false"


def test_services_json_is_the_same_data(en, questions):
    response = en.get("/open311/v2/services.json", {"jurisdiction_id": "qc.gov.cn"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    services = {s["service_code"]: s for s in response.json()}
    assert list(services["0101"]) == SERVICE_FIELDS
    assert services["0101"]["metadata"] is True and services["0102"]["metadata"] is False
    assert services["0401"]["service_name"] == "占道经营"


def test_an_inactive_category_is_no_service(en, categories):
    categories["0102"].is_active = False
    categories["0102"].save()
    codes = {s["service_code"] for s in en.get("/open311/v2/services.json").json()}
    assert "0101" in codes and "0102" not in codes


def test_service_definition_xml(en, questions):
    root = parse(en.get("/open311/v2/services/0101.xml"))
    assert root.tag == "service_definition"
    assert root.findtext("service_code") == "0101"
    attrs = root.findall("attributes/attribute")
    assert [a.findtext("code") for a in attrs] == ["amount", "smell"]
    first = attrs[0]
    assert [c.tag for c in first] == [
        "variable",
        "code",
        "datatype",
        "required",
        "datatype_description",
        "order",
        "description",
        "values",
    ]
    assert first.findtext("variable") == "true"
    assert first.findtext("datatype") == "singlevaluelist"
    assert first.findtext("required") == "true"
    assert first.findtext("order") == "1"
    assert first.findtext("datatype_description") == ""
    values = first.findall("values/value")
    assert [(v.findtext("key"), v.findtext("name")) for v in values][0] == ("bag", "几袋以内")


def test_service_definition_json_with_every_datatype(en, questions):
    data = en.get("/open311/v2/services/1201.json").json()
    assert data["service_code"] == "1201"
    by_code = {a["code"]: a for a in data["attributes"]}
    assert by_code["size_m"]["datatype"] == "number" and "values" not in by_code["size_m"]
    assert by_code["since"]["datatype"] == "datetime"
    assert by_code["traffic"]["values"][0] == {"key": "blocked", "name": "已无法通行"}
    assert by_code["traffic"]["required"] is True and by_code["size_m"]["required"] is False
    assert by_code["size_m"]["datatype_description"] == "数字，单位米"
    gas = en.get("/open311/v2/services/0603.json").json()["attributes"]
    assert gas[0]["variable"] is False and gas[0]["datatype"] == "text"
    multi = en.get("/open311/v2/services/0401.json").json()["attributes"][0]
    assert multi["datatype"] == "multivaluelist" and len(multi["values"]) == 4


def test_a_service_without_questions_has_an_empty_definition(en, questions):
    assert en.get("/open311/v2/services/0102.json").json() == {
        "service_code": "0102",
        "attributes": [],
    }


@pytest.mark.parametrize("code", ["0203", "9999", "01", "x" * 40])
@pytest.mark.parametrize("fmt", ["xml", "json"])
def test_an_unknown_or_closed_service_is_404_in_the_spec_error_format(en, categories, code, fmt):
    response = en.get(f"/open311/v2/services/{code}.{fmt}")
    assert response.status_code == 404
    [(status, description)] = errors_of(response)
    assert status == 404 and "service_code" in description


def test_an_unknown_format_is_a_400_in_xml(en, categories):
    response = en.get("/open311/v2/services.html")
    assert response.status_code == 400
    [(status, description)] = errors_of(response)
    assert status == 400 and ".xml or .json" in description


def test_a_wrong_method_is_405_with_allow(en, categories):
    response = en.post("/open311/v2/services.json")
    assert response.status_code == 405
    assert response["Allow"] == "GET"
    assert errors_of(response)[0][0] == 405
    assert en.delete("/open311/v2/requests.xml")["Allow"] == "GET, POST"


def test_jurisdiction_is_accepted_and_checked_when_configured(en, categories, settings):
    assert en.get("/open311/v2/services.json", {"jurisdiction_id": "anything"}).status_code == 200
    settings.OPEN311_JURISDICTION = "qc.gov.cn"
    assert en.get("/open311/v2/services.json", {"jurisdiction_id": "qc.gov.cn"}).status_code == 200
    assert en.get("/open311/v2/services.json").status_code == 200
    response = en.get("/open311/v2/services.xml", {"jurisdiction_id": "other.gov.cn"})
    assert response.status_code == 404
    assert "jurisdiction_id" in errors_of(response)[0][1]


def test_discovery_names_the_endpoint_and_formats(en, categories):
    data = en.get("/open311/discovery.json").json()
    [endpoint] = data["endpoints"]
    assert endpoint["specification"] == "http://wiki.open311.org/GeoReport_v2"
    assert endpoint["url"].endswith("/open311/v2/")
    assert endpoint["formats"] == ["text/xml", "application/json"]
    root = parse(en.get("/open311/discovery.xml"))
    assert [f.text for f in root.findall("endpoints/endpoint/formats/format")] == [
        "text/xml",
        "application/json",
    ]


def test_a_nul_character_is_refused(en, categories):
    response = en.get("/open311/v2/services.json", {"jurisdiction_id": "a\x00b"})
    assert response.status_code == 400


def test_an_unknown_resource_is_a_404_error_list(en, categories):
    response = en.get("/open311/v2/servicerequestupdates.json")
    assert response.status_code == 404
    assert errors_of(response)[0][0] == 404
    assert response["Content-Type"].startswith("application/json")
    response = en.get("/open311/v2/nothing")
    assert response.status_code == 404 and errors_of(response)[0][0] == 404
