from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.db.utils import DatabaseError
from django.http import HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.utils.translation import check_for_language
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

from zhengzhi.accounts.decorators import role_required
from zhengzhi.accounts.roles import Role
from zhengzhi.accounts.services import set_user_language
from zhengzhi.jobs.models import Job
from zhengzhi.jobs.services import enqueue, worker_state
from zhengzhi.org.scope import scope_for


@never_cache
def healthz(request):
    """200 with the database and worker state; 503 when the database does not answer."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as exc:
        return JsonResponse(
            {"status": "error", "database": "down", "error": type(exc).__name__}, status=503
        )
    try:
        worker = worker_state()
    except DatabaseError:
        worker = {"status": "unknown"}
    return JsonResponse(
        {"status": "ok", "database": "ok", "database_engine": connection.vendor, "worker": worker}
    )


@login_required
def home(request):
    scope = scope_for(request.user)
    return render(request, "core/home.html", {"scope": scope})


@require_POST
def set_language(request):
    """Django's set_language (cookie), plus remembering the choice on the user's profile."""
    lang = request.POST.get("language", "")
    if request.user.is_authenticated and check_for_language(lang):
        set_user_language(request.user, lang)
    return django_set_language(request)


@role_required(Role.OFFICE_ADMIN)
def system(request):
    if request.method == "POST" and request.POST.get("action") == "selftest":
        enqueue("jobs.selftest", created_by=request.user, note="from the system page")
        return HttpResponseRedirect(request.path)
    jobs = Job.objects.order_by("-pk")[:20]
    return render(
        request,
        "core/system.html",
        {
            "worker": worker_state(),
            "jobs": jobs,
            "database": connection.vendor,
            "debug": settings.DEBUG,
        },
    )
