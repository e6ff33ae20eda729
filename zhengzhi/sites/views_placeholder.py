"""PLACEHOLDER for the rosters branch only: the site page `sites:site` is built by the pages
work of issue 15; this stands in for it so that the roster browser test can open an imported
site. The lead drops this file and its line in urls_pages.py when merging the real page."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from zhengzhi.sites.scope import get_site_for_user


@login_required
def site(request, pk: int):
    obj = get_site_for_user(request.user, pk)
    return render(request, "sites/rosters/placeholder_site.html", {"site": obj})
