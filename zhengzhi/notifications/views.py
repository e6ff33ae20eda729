from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from zhengzhi.notifications import selectors, services

PAGE_SIZE = 30


@login_required
def inbox(request):
    unread_only = request.GET.get("show") == "unread"
    paginator = Paginator(selectors.inbox_for(request.user, unread_only=unread_only), PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    return render(
        request,
        "notifications/inbox.html",
        {"page": page, "unread_only": unread_only},
    )


@login_required
def open_notification(request, pk: int):
    """Follows a notification's link, marking it read on the way (harmless to repeat)."""
    notification = selectors.get_own(request.user, pk)
    services.mark_read(request.user, [notification.pk])
    if notification.url and services.is_local_url(notification.url):
        return redirect(notification.url)
    return redirect("notifications:inbox")


@require_POST
@login_required
def mark_read(request, pk: int):
    notification = selectors.get_own(request.user, pk)
    services.mark_read(request.user, [notification.pk])
    return _back(request)


@require_POST
@login_required
def mark_all_read(request):
    services.mark_read(request.user, "all")
    return _back(request)


def _back(request):
    # Back to the page of the inbox the user was on, never to another site.
    target = request.POST.get("next", "")
    if target and services.is_local_url(target):
        return redirect(target)
    return redirect("notifications:inbox")
