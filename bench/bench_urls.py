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


urlpatterns = [path("bench/empty/", empty), *project]
