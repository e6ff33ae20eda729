"""The office's pages: keys issued (shown once, stored hashed), revoked, questions edited; all
audited; nobody but the office administrator reaches them."""

import pytest
from django.test import Client

from zhengzhi.audit.models import AuditEvent
from zhengzhi.open311.models import ApiKey
from zhengzhi.open311.services.keys import key_for
from zhengzhi.public.models import ExtraQuestion

pytestmark = pytest.mark.django_db


def login(user):
    c = Client()
    c.cookies["django_language"] = "en"
    c.force_login(user)
    return c


def test_issue_a_key_shown_once_and_stored_hashed(people, categories):
    admin = login(people["admin"])
    response = admin.post(
        "/open311/office/keys/issue/", {"name": "12345 热线 App", "contact": "王工"}
    )
    assert response.status_code == 200
    assert response["Cache-Control"].startswith("max-age=0")
    key = ApiKey.objects.get()
    raw = response.context["raw"]
    assert raw.startswith("o311_") and raw in response.content.decode()
    assert key.key_hash == ApiKey.hash_key(raw) and raw not in key.key_hash
    assert key.issued_by == people["admin"]
    assert key_for(raw) == key
    event = AuditEvent.objects.get(action="open311.key.issue")
    assert event.actor == people["admin"] and raw not in str(event.data)
    page = admin.get("/open311/office/keys/").content.decode()
    assert "12345 热线 App" in page and key.prefix in page and raw not in page


def test_a_second_key_with_the_same_name_is_refused_and_the_form_keeps_it(people, categories):
    admin = login(people["admin"])
    admin.post("/open311/office/keys/issue/", {"name": "FMS"})
    response = admin.post("/open311/office/keys/issue/", {"name": "FMS", "contact": "李工"})
    assert response.status_code == 400
    assert "has a key in use already" in response.content.decode()
    assert 'value="李工"' in response.content.decode()
    assert ApiKey.objects.count() == 1
    assert admin.post("/open311/office/keys/issue/", {"name": " "}).status_code == 400


def test_revoke_is_audited_and_refused_at_once(people, categories):
    admin = login(people["admin"])
    response = admin.post("/open311/office/keys/issue/", {"name": "FMS"})
    raw, key = response.context["raw"], ApiKey.objects.get()
    response = admin.post(f"/open311/office/keys/{key.pk}/revoke/")
    assert response.status_code == 302
    key.refresh_from_db()
    assert key.revoked_at is not None and key.revoked_by == people["admin"]
    assert key_for(raw) is None
    assert (
        AuditEvent.objects.filter(action="open311.key.revoke", object_id=str(key.pk)).count() == 1
    )
    admin.post(f"/open311/office/keys/{key.pk}/revoke/")  # twice: nothing more happens
    assert AuditEvent.objects.filter(action="open311.key.revoke").count() == 1
    assert "revoked" in admin.get("/open311/office/keys/").content.decode()
    # a revoked client may be given a new key
    response = admin.post("/open311/office/keys/issue/", {"name": "FMS"})
    assert response.status_code == 200 and key_for(response.context["raw"]).name == "FMS"


@pytest.mark.parametrize(
    "who", ["dispatcher", "handler", "dept_handler", "leader", "street_leader"]
)
def test_only_the_office_administrator_reaches_the_pages(people, categories, who):
    c = login(people[who])
    assert c.get("/open311/office/keys/").status_code == 404
    assert c.post("/open311/office/keys/issue/", {"name": "x"}).status_code == 404
    assert c.get("/open311/office/services/").status_code == 404
    assert c.get("/open311/office/services/0101/").status_code == 404
    assert not ApiKey.objects.exists()


def test_anonymous_is_sent_to_log_in(categories):
    response = Client().get("/open311/office/keys/")
    assert response.status_code == 302 and "/accounts/login" in response["Location"]


def test_questions_added_edited_deleted_and_audited(people, categories, en):
    admin = login(people["admin"])
    url = "/open311/office/services/0102/"
    response = admin.post(
        url,
        {
            "code": "where",
            "description": "在哪一类地方？",
            "datatype": "singlevaluelist",
            "values_text": "lane=背街小巷\nstair=楼道\n",
            "required": "on",
            "variable": "on",
            "order": "1",
        },
    )
    assert response.status_code == 302
    q = ExtraQuestion.objects.get(category__code="0102", code="where")
    assert q.values == [{"key": "lane", "name": "背街小巷"}, {"key": "stair", "name": "楼道"}]
    assert q.required and q.variable
    assert en.get("/open311/v2/services/0102.json").json()["attributes"][0]["code"] == "where"
    response = admin.post(
        f"/open311/office/questions/{q.pk}/",
        {
            "code": "where",
            "description": "在哪里？",
            "datatype": "singlevaluelist",
            "values_text": "lane=背街小巷",
            "variable": "on",
            "order": "2",
        },
    )
    assert response.status_code == 302
    q.refresh_from_db()
    assert q.description == "在哪里？" and not q.required and q.order == 2
    update = AuditEvent.objects.get(action="open311.attribute.update")
    assert update.data["changed"]["description"] == ["在哪一类地方？", "在哪里？"]
    assert admin.post(f"/open311/office/questions/{q.pk}/delete/").status_code == 302
    assert not ExtraQuestion.objects.exists()
    actions = list(
        AuditEvent.objects.filter(action__startswith="open311.attribute")
        .values_list("action", flat=True)
        .order_by("seq")
    )
    assert actions == [
        "open311.attribute.create",
        "open311.attribute.update",
        "open311.attribute.delete",
    ]


@pytest.mark.parametrize(
    "data,field,words",
    [
        ({"code": "a b"}, "code", "letters, digits"),
        ({"code": "x[1]"}, "code", "letters, digits"),
        ({"datatype": "singlevaluelist", "values_text": ""}, "values_text", "at least one"),
        ({"datatype": "multivaluelist", "values_text": "a=甲\na=乙"}, "values_text", "twice"),
        ({"description": ""}, "description", "required"),
        ({"datatype": "colour"}, "datatype", "valid choice"),
        ({"order": "0"}, "order", "greater than or equal"),
    ],
)
def test_bad_questions_are_refused_and_the_form_keeps_what_was_typed(
    people, categories, data, field, words
):
    admin = login(people["admin"])
    form = {
        "code": "q1",
        "description": "问题文字保留",
        "datatype": "string",
        "order": "1",
        "variable": "on",
        **data,
    }
    response = admin.post("/open311/office/services/0102/", form)
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert field in errors and words in " ".join(errors[field]), errors
    if data.get("description", "x"):
        assert form["description"] in response.content.decode()
    assert not ExtraQuestion.objects.exists()


def test_a_duplicate_code_is_refused(people, categories):
    admin = login(people["admin"])
    form = {"code": "q1", "description": "一", "datatype": "string", "order": "1", "variable": "on"}
    assert admin.post("/open311/office/services/0102/", form).status_code == 302
    response = admin.post("/open311/office/services/0102/", form)
    assert response.status_code == 400 and "already has a question" in response.content.decode()


def test_load_the_standard_questions_once(people, categories):
    admin = login(people["admin"])
    assert admin.post("/open311/office/services/load/").status_code == 302
    n = ExtraQuestion.objects.count()
    assert n >= 10
    admin.post("/open311/office/services/load/")
    assert ExtraQuestion.objects.count() == n
    assert AuditEvent.objects.filter(action="open311.attribute.load").count() == 1
    page = admin.get("/open311/office/services/").content.decode()
    assert "暴露垃圾" in page and "条幅标语破损" not in page  # not public


def test_a_closed_category_has_no_questions_page(people, categories):
    assert login(people["admin"]).get("/open311/office/services/0203/").status_code == 404


def test_pages_take_a_bounded_number_of_queries(people, categories, django_assert_max_num_queries):
    admin = login(people["admin"])
    for i in range(8):
        admin.post("/open311/office/keys/issue/", {"name": f"client {i}"})
    admin.post("/open311/office/services/load/")
    for url in (
        "/open311/office/keys/",
        "/open311/office/services/",
        "/open311/office/services/0101/",
    ):
        with django_assert_max_num_queries(12):
            assert admin.get(url).status_code == 200
