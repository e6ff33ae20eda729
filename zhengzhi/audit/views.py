from django.shortcuts import get_object_or_404, render

from zhengzhi.audit.forms import AuditFilterForm
from zhengzhi.audit.models import AuditEvent
from zhengzhi.audit.selectors import filtered_events, page_of
from zhengzhi.core.roles import Role, role_required


@role_required(Role.OFFICE_ADMIN)
def event_list(request):
    form = AuditFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    events, next_before = page_of(filtered_events(data), data.get("before"))
    params = request.GET.copy()
    params.pop("before", None)
    return render(
        request,
        "audit/event_list.html",
        {
            "form": form,
            "events": events,
            "next_before": next_before,
            "base_query": params.urlencode(),
        },
    )


@role_required(Role.OFFICE_ADMIN)
def event_detail(request, seq: int):
    event = get_object_or_404(AuditEvent, seq=seq)
    return render(request, "audit/event_detail.html", {"event": event})
