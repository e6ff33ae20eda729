"""The services behind the site page's actions: licences added and renewed, the office's kind
edits (declarations checked, a shipped kind marked as the office's), registering in scope."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import translation

from zhengzhi.audit.models import AuditEvent
from zhengzhi.sites.models import Licence, SiteEvent, SiteKind
from zhengzhi.sites.services.errors import SiteError, StaleSite
from zhengzhi.sites.services.kind_edits import update_kind
from zhengzhi.sites.services.licence_changes import add_licence, renew_licence
from zhengzhi.sites.services.sites import LicenceInput
from zhengzhi.sites.tests.pages_support import make_site_fixture, site_grids_fixture  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    # The reasons are matched in English (the catalogue's msgids).
    with translation.override("en"):
        yield


def test_a_licence_number_is_unique_across_the_registry_and_on_the_site(people, make_site):
    a = make_site("small_restaurant")  # holds L00001
    b = make_site("small_restaurant")  # holds L00002
    admin = people["admin"]
    for number in ("L00001", "L00002"):
        with pytest.raises(SiteError, match="already belongs"):
            add_licence(admin, a.pk, version=None, licence=LicenceInput(number=number))
    with pytest.raises(SiteError, match="already belongs"):
        renew_licence(
            admin,
            b.pk,
            b.licences.get().pk,
            version=None,
            expires_on=dt.date(2030, 1, 1),
            number="L00001",
        )
    with pytest.raises(SiteError, match="before it is issued"):
        add_licence(
            admin,
            a.pk,
            version=None,
            licence=LicenceInput(
                number="N1", issued_on=dt.date(2026, 1, 2), expires_on=dt.date(2026, 1, 1)
            ),
        )
    with pytest.raises(StaleSite):
        add_licence(admin, a.pk, version=99, licence=LicenceInput(number="N2"))
    assert Licence.objects.count() == 2


def test_renewing_starts_the_expiry_notices_afresh(people, make_site):
    site = make_site("small_restaurant")
    lic = site.licences.get()
    Licence.objects.filter(pk=lic.pk).update(notified_state="expired")
    renew_licence(people["admin"], site.pk, lic.pk, version=1, expires_on=dt.date(2031, 5, 1))
    lic.refresh_from_db()
    site.refresh_from_db()
    assert lic.expires_on == dt.date(2031, 5, 1) and lic.notified_state == ""
    assert site.version == 2
    event = site.events.get(kind=SiteEvent.Kind.LICENCE)
    assert event.changes == {"expires_on": ["2028-12-06", "2031-05-01"]}
    assert AuditEvent.objects.filter(action="sites.licence.renewed").count() == 1


def test_the_office_edits_a_kind_and_it_becomes_theirs(people):
    kind = SiteKind.objects.get(code="snack_stall")
    assert kind.shipped and not kind.edited
    with pytest.raises(SiteError, match="unknown type"):
        update_kind(
            people["admin"],
            kind.pk,
            values={"fields": [{"key": "a", "label": "A", "type": "blob"}]},
        )
    with pytest.raises(SiteError, match="Unknown kinds"):
        update_kind(
            people["admin"], kind.pk, values={"perimeter": {"distance_m": 50, "kinds": ["zoo"]}}
        )
    kind.refresh_from_db()
    assert not kind.edited
    fields = [*kind.fields, {"key": "stall_no", "label": "摊位号", "type": "text"}]
    update_kind(people["admin"], kind.pk, values={"fields": fields})
    kind.refresh_from_db()
    assert kind.edited and kind.fields[-1]["key"] == "stall_no"
    assert AuditEvent.objects.filter(action="sites.kind.updated").count() == 1


def test_the_kinds_page_is_the_office_admins(as_user, people):
    kind = SiteKind.objects.get(code="snack_stall")
    url = reverse("sites:kind_edit", args=[kind.pk])
    assert as_user(people["dispatcher"]).get(url).status_code == 404
    client = as_user(people["admin"])
    assert "摊点" in client.get(reverse("sites:kinds")).content.decode()
    bad = client.post(url, {"name": "小吃摊点", "fields": '[{"key": "X", "label": "x"}]'})
    assert "lower-case letters" in bad.content.decode()
    assert 'value="小吃摊点"' in bad.content.decode()
    ok = client.post(
        url,
        {"name": "小吃摊", "is_active": "on", "fields": '[{"key": "x", "label": "摊位"}]'},
    )
    assert ok.status_code == 302
    kind.refresh_from_db()
    assert kind.name == "小吃摊" and kind.edited and kind.fields == [{"key": "x", "label": "摊位"}]


def test_the_office_adds_a_kind_of_its_own(as_user, people):
    client = as_user(people["admin"])
    url = reverse("sites:kind_new")
    data = {"code": "tea_house", "name": "茶馆", "is_active": "on", "fields": "", "perimeter": ""}
    assert client.post(url, {**data, "code": "market"}).status_code == 200  # taken
    assert client.post(url, data).status_code == 302
    kind = SiteKind.objects.get(code="tea_house")
    assert kind.name == "茶馆" and not kind.shipped and kind.fields == []
    assert AuditEvent.objects.filter(action="sites.kind.created").count() == 1
    assert as_user(people["dispatcher"]).get(url).status_code == 404
