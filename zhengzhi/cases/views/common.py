from __future__ import annotations

from django.contrib import messages

from zhengzhi.cases.services.errors import CaseError


def refused(request, exc: CaseError, form=None) -> None:
    """The service's reason as a message (and on the form, field by field, when there is one)."""
    if form is not None:
        for field, msg in exc.errors.items():
            form.add_error(field if field in form.fields else None, msg)
    messages.error(request, str(exc.message))
