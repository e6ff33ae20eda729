from django.conf import settings
from django.db import connection
from django.db.utils import DatabaseError
from django.http import HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from zhengzhi.core.roles import Role, role_required
from zhengzhi.jobs.models import Job
from zhengzhi.jobs.registry import job_label
from zhengzhi.jobs.services import enqueue, worker_state


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


@role_required(Role.OFFICE_ADMIN)
def system(request):
    if request.method == "POST" and request.POST.get("action") == "selftest":
        enqueue("jobs.selftest", created_by=request.user, note="from the system page")
        return HttpResponseRedirect(request.path)
    jobs = list(Job.objects.order_by("-pk")[:20])
    for j in jobs:
        j.label = job_label(j.name)
    return render(
        request,
        "system/system.html",
        {
            "worker": worker_state(),
            "jobs": jobs,
            "database": connection.vendor,
            "debug": settings.DEBUG,
        },
    )
