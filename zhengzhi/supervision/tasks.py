"""Supervision's background work (zhengzhi.jobs): drafting an edition from the facts, and the
PDF of an issued edition."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from zhengzhi.jobs.registry import job
from zhengzhi.supervision.services.editions import DRAFT_JOB
from zhengzhi.supervision.services.pdf import PDF_JOB


@job(DRAFT_JOB, atomic=False, label=_("Bulletin edition drafted from the facts"))
def draft_edition(job, *, edition_id: int, **_) -> dict:
    from zhengzhi.supervision.services.editions import draft

    edition = draft(edition_id)
    return {"edition": edition_id, "drafted": edition is not None}


@job(PDF_JOB, atomic=False, label=_("Bulletin edition printed as PDF"))
def edition_pdf(job, *, edition_id: int, **_) -> dict:
    from zhengzhi.supervision.services.pdf import make_pdf

    return {"edition": edition_id, "made": make_pdf(edition_id)}
