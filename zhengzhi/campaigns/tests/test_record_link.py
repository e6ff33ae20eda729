"""A campaign under way links to recording a problem in it, for those who may record one."""

import pytest

pytestmark = pytest.mark.django_db


def test_the_campaign_page_offers_to_record_a_problem_in_it(client, campaign, staff):
    link = f"/ledger/problems/new/?campaign={campaign.pk}"
    client.force_login(staff["handler"])
    assert link in client.get(f"/campaigns/{campaign.pk}/").content.decode()
    form = client.get(link).content.decode()
    assert f'<option value="{campaign.pk}" selected>' in form
    client.force_login(staff["leader"])  # leaders read; they do not record
    assert link not in client.get(f"/campaigns/{campaign.pk}/").content.decode()
