"""Helpers for the page tests (test_pages_*.py): logging in, photos, problems along the loop."""

from __future__ import annotations

import io
import re

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from zhengzhi.ledger.services import moves


def login(client, user):
    client.force_login(user)
    return client


def jpeg(name: str = "photo.jpg", colour=(200, 40, 40)) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), colour).save(buffer, "JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def detail_url(problem) -> str:
    return reverse("ledger:detail", args=[problem.pk])


def act_url(problem, move: str) -> str:
    return reverse("ledger:act", args=[problem.pk, move])


def action_ids(html: str) -> set[str]:
    """The actions a problem page offers, from their element ids."""
    return set(re.findall(r'id="action-([a-z_]+)"', html))


def registered(new_problem, staff, **kw):
    p = new_problem(**kw)
    return moves.register(p.pk, actor=staff["dispatcher"])


def dispatched(new_problem, staff, **kw):
    p = registered(new_problem, staff, **kw)
    return moves.dispatch(p.pk, actor=staff["dispatcher"])


def accepted(new_problem, staff, **kw):
    p = dispatched(new_problem, staff, **kw)
    handler = "c2_handler" if p.owner_unit_id == staff["c2_handler"].unit_id else "handler"
    return moves.accept(p.pk, actor=staff[handler])


def reported_back(new_problem, staff, **kw):
    p = accepted(new_problem, staff, **kw)
    handler = "c2_handler" if p.owner_unit_id == staff["c2_handler"].unit_id else "handler"
    return moves.report_back(p.pk, actor=staff[handler], note="已清理")


def close_checked(problem_id: int, *, actor, **kw):
    """Closes as a verifier does on the spot: every item of the close standard ticked."""
    from zhengzhi.ledger.models import Problem

    items = Problem.objects.select_related("category").get(pk=problem_id).category.close_items
    return moves.close(problem_id, actor=actor, checked=list(items or []), **kw)
