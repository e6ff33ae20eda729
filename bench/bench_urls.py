"""The project's URLs plus one bench-only page: the base template with no content, the floor
under every page (bench/ledger.py, bench/campaigns.py). Never used by the app itself."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.template import engines
from django.urls import path

from zhengzhi.portal.urls import urlpatterns as project

EMPTY = engines["django"].from_string('{% extends "base.html" %}')


@login_required
def empty(request):
    return HttpResponse(EMPTY.render({}, request))


@login_required
def fragment(request):
    """The floor of an htmx fragment: no base template, the same middleware and session."""
    return HttpResponse("<span>0</span>")


urlpatterns = [path("bench/empty/", empty), path("bench/fragment/", fragment), *project]
