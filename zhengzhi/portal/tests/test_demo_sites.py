"""The demo registry (sites.demo, from seed_demo): about 3,000 sites of every kind inside the
demo grids, licences expired and expiring, a watch list, problems at sites, a survey with two
communities late, sites never contacted; and it runs again without adding anything."""

import datetime as dt
import io

import pytest
import shapely
from django.core.management import call_command
from django.utils import timezone
from shapely.geometry import shape

from zhengzhi.ledger.models import Problem
from zhengzhi.org.models import TerritoryLevel, Unit
from zhengzhi.sites import credit_code
from zhengzhi.sites.models import Licence, Site, SiteKind, Survey, WatchProposal
from zhengzhi.territory.models import Grid

pytestmark = pytest.mark.django_db


def test_the_demo_registry(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("seed_demo", problems=600, stdout=io.StringIO())
    sites = Site.objects.all()
    assert 2800 <= sites.count() <= 3200
    assert set(sites.values_list("kind__code", flat=True)) == set(
        SiteKind.objects.values_list("code", flat=True)
    )
    # Every site carries its kind's fields, as a roster gives them: a retailer's customer
    # grade, a cleared seller's clearance (and a seller still trading, none).
    from zhengzhi.sites.kinds import clean_attributes, parse_fields

    for site in sites.select_related("kind")[:: max(1, sites.count() // 300)]:
        assert clean_attributes(parse_fields(site.kind.fields), site.attributes)[1] == {}
    retailers = sites.filter(kind__code="tobacco_retailer")
    grades = [s.attributes.get("customer_grade") for s in retailers]
    assert sum(1 for g in grades if g) > 0.7 * len(grades)
    assert all(1 <= g <= 30 for g in grades if g)
    sellers = sites.filter(kind__code="unlicensed_seller")
    assert all("clearance" in s.attributes for s in sellers.filter(status="cleared"))
    assert not any("clearance" in s.attributes for s in sellers.exclude(status="cleared"))
    # Departments linked, so that a department sees its kinds.
    assert SiteKind.objects.get(code="tobacco_retailer").departments.filter(name="烟草专卖局")
    # Every point inside its grid, every site owned by the grid's community.
    area = shapely.union_all([shape(g.geometry) for g in Grid.objects.all()])
    for site in sites.select_related("grid")[:400]:
        assert shape(site.grid.geometry).buffer(1e-9).contains(shapely.Point(site.lon, site.lat))
        assert site.owner_unit_id == site.community_id == site.grid.community_id
        assert area.covers(shapely.Point(site.lon, site.lat))
    codes = list(sites.exclude(credit_code="").values_list("credit_code", flat=True))
    assert codes and all(credit_code.is_valid(c) for c in codes)
    assert sites.filter(kind__code="small_restaurant", credit_code="").exists()
    today = timezone.localdate()
    assert Licence.objects.filter(expires_on__lt=today).count() > 50
    assert (
        Licence.objects.filter(
            expires_on__gte=today, expires_on__lte=today + dt.timedelta(days=30)
        ).count()
        > 50
    )
    # The watch list: confirmed sites and pending proposals.
    assert sites.filter(watch=True).count() >= 6
    assert WatchProposal.objects.filter(decision="confirmed").exists()
    assert WatchProposal.objects.filter(decision="pending").exists()
    for p in WatchProposal.objects.filter(decision="pending"):
        assert Problem.objects.filter(site_id=p.site_id).count() >= 3
    # Problems at sites, and many sites never contacted.
    with_problems = Problem.objects.filter(site__isnull=False)
    assert with_problems.count() >= 60
    assert sites.exclude(pk__in=with_problems.values("site_id")).count() > 2000
    # The survey: every community but two submitted by the deadline.
    survey = Survey.objects.get()
    communities = Unit.objects.filter(level=TerritoryLevel.COMMUNITY).count()
    assert survey.deadline < today
    assert survey.submissions.filter(submitted_at__date__lte=survey.deadline).count() == (
        communities - 2
    )
    assert survey.submissions.count() == communities - 2
    # Again: nothing added.
    call_command("seed_demo", problems=600, stdout=io.StringIO())
    assert Site.objects.count() == sites.count()
