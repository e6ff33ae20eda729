"""Pledges (目标责任书): signed only with the signed document and a date not yet to come, the
errors beside the pledge's own form with what was typed kept; a signed pledge whose targets
changed is marked (old → new) and re-drawn as a new version, the signed one kept as history."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from zhengzhi.campaigns.models import Pledge, PledgeStatus
from zhengzhi.campaigns.services import pledges as pledge_services
from zhengzhi.campaigns.services.errors import CampaignError
from zhengzhi.campaigns.services.tasks import set_assignments
from zhengzhi.files.models import StoredFile

PDF = b"%PDF-1.4\n% signed\n%%EOF\n"


def login(client, user):
    client.cookies["django_language"] = "en"
    client.force_login(user)
    return client


def pdf(name="责任书.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


@pytest.fixture
def drawn(campaign, staff):
    pledge_services.draw_up_pledges(campaign.pk, actor=staff["admin"])
    return campaign


def pledge_of(campaign, unit) -> Pledge:
    return Pledge.objects.get(campaign=campaign, unit=unit, is_current=True)


def sign(campaign, pledge, staff, **kw):
    args = {
        "actor": staff["admin"],
        "signatory": "柳岸社区书记",
        "signed_on": timezone.localdate(),
        "upload": pdf(),
        **kw,
    }
    return pledge_services.sign_pledge(campaign.pk, pledge.pk, **args)


# -- signing ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"upload": None}, "file"),
        # Tomorrow as the test runs, not as it was collected: a run may pass midnight between.
        (lambda: {"signed_on": timezone.localdate() + dt.timedelta(days=1)}, "signed_on"),
        ({"signed_on": None}, "signed_on"),
        ({"signatory": "  "}, "signatory"),
    ],
    ids=["no-file", "tomorrow", "no-date", "no-signatory"],
)
def test_the_service_refuses_a_signature_without_document_or_from_the_future(
    drawn, staff, units, change, field
):
    pledge = pledge_of(drawn, units["c1"])
    with pytest.raises(CampaignError) as err:
        sign(drawn, pledge, staff, **(change() if callable(change) else change))
    assert err.value.field == field
    pledge.refresh_from_db()
    assert pledge.status == PledgeStatus.DRAFT and pledge.signed_on is None


def test_a_pledge_of_another_campaign_is_not_signed_through_this_one(drawn, staff, units):
    pledge = pledge_of(drawn, units["c1"])
    with pytest.raises(CampaignError) as err:
        pledge_services.sign_pledge(
            drawn.pk + 1000, pledge.pk, actor=staff["admin"], signatory="x",
            signed_on=timezone.localdate(), upload=pdf(),
        )  # fmt: skip
    assert err.value.code == "not_found"


def test_a_refused_signature_shows_beside_its_pledge_and_keeps_what_was_typed(
    client, drawn, staff, units
):
    login(client, staff["admin"])
    c1, c2 = pledge_of(drawn, units["c1"]), pledge_of(drawn, units["c2"])
    later = (timezone.localdate() + dt.timedelta(days=30)).isoformat()
    url = reverse("campaigns:pledges", args=[drawn.pk])
    r = client.post(url, {"pledge": c2.pk, "action": "sign", "signatory": "", "signed_on": later})
    assert r.status_code == 200
    html = r.content.decode()
    mine = html[html.index(f'id="pledge-{c2.pk}"') :]
    mine = mine[: mine.index("</section>")]
    assert "Who signed it?" in mine
    assert "may not be in the future" in mine
    assert "Attach the signed pledge" in mine
    assert f'value="{later}"' in mine  # the typed date, not today's
    other = html[html.index(f'id="pledge-{c1.pk}"') :]
    assert "Who signed it?" not in other[: other.index("</section>")]
    c2.refresh_from_db()
    assert c2.status == PledgeStatus.DRAFT

    r = client.post(
        url,
        {"pledge": c2.pk, "action": "sign", "signatory": "桃园社区书记",
         "signed_on": timezone.localdate().isoformat(), "file": pdf()},
    )  # fmt: skip
    assert r.status_code == 302
    c2.refresh_from_db()
    assert c2.status == PledgeStatus.SIGNED and c2.signatory == "桃园社区书记"
    assert StoredFile.objects.filter(owner_id=c2.pk, purpose="pledge").exists()


def test_pledge_figures_without_trailing_zeros(client, drawn, staff):
    login(client, staff["admin"])
    html = client.get(reverse("campaigns:pledges", args=[drawn.pk])).content.decode()
    assert "20 处" in html and "20.00" not in html


# -- targets changed after signing -------------------------------------------------------------


def test_a_signed_pledge_whose_target_changed_is_marked_and_redrawn(
    client, drawn, staff, units, django_assert_max_num_queries
):
    c1 = pledge_of(drawn, units["c1"])
    sign(drawn, c1, staff)
    task = drawn.task
    set_assignments(
        task.pk, [(units["c1"], Decimal(25)), (units["c2"], Decimal(20))], actor=staff["admin"]
    )
    assert list(pledge_services.outdated_pledges(drawn.pk)) == [c1.pk]
    change = pledge_services.outdated_pledges(drawn.pk)[c1.pk][0]
    assert (change.signed, change.current) == (Decimal(20), Decimal(25))

    login(client, staff["admin"])
    url = reverse("campaigns:pledges", args=[drawn.pk])
    r = client.post(url, {"action": "draw_up"}, follow=True)
    html = r.content.decode()
    assert "1 signed pledge differs from the current targets" in html
    section = html[html.index(f'id="pledge-{c1.pk}"') :]
    section = section[: section.index("</section>")]
    assert "Targets changed since signing" in section
    assert "20 处" in section and "25 处" in section
    c1.refresh_from_db()
    assert c1.status == PledgeStatus.SIGNED and c1.targets[0]["target"] == "20.00"

    r = client.post(url, {"action": "redraw", "pledge": c1.pk})
    assert r.status_code == 302
    old = Pledge.objects.get(pk=c1.pk)
    new = pledge_of(drawn, units["c1"])
    assert not old.is_current and old.status == PledgeStatus.SIGNED
    assert new.pk != old.pk and new.status == PledgeStatus.DRAFT
    assert new.targets[0]["target"] == "25.00"
    assert pledge_services.outdated_pledges(drawn.pk) == {}
    with django_assert_max_num_queries(14):
        html = client.get(url).content.decode()
    assert "1 earlier signed version" in html and "责任书.pdf" in html

    with pytest.raises(CampaignError):  # an unsigned pledge is not re-drawn
        pledge_services.redraw_pledge(drawn.pk, new.pk, actor=staff["admin"])


def test_a_signed_pledge_still_current_is_not_redrawn(drawn, staff, units):
    c1 = pledge_of(drawn, units["c1"])
    sign(drawn, c1, staff)
    with pytest.raises(CampaignError):
        pledge_services.redraw_pledge(drawn.pk, c1.pk, actor=staff["admin"])
    assert Pledge.objects.filter(campaign=drawn, unit=units["c1"]).count() == 1


def test_only_the_office_redraws(client, drawn, staff, units):
    c1 = pledge_of(drawn, units["c1"])
    login(client, staff["handler"])
    r = client.post(
        reverse("campaigns:pledges", args=[drawn.pk]), {"action": "redraw", "pledge": c1.pk}
    )
    assert r.status_code in (403, 404)
