"""A submission sent from a phone that kept it while it had no signal: the phone gives each
submission its own id (`client_id`, kept with it in IndexedDB), so sending it twice, or again
after an answer that never reached the phone, makes one visit — the second send answers with
the first one's result. The submission itself is `submission.submit_visit`, unchanged."""

from __future__ import annotations

import uuid

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from zhengzhi.inspections.models import Visit, VisitStatus
from zhengzhi.inspections.scope import visible_visits
from zhengzhi.inspections.services.errors import InspectionError
from zhengzhi.inspections.services.submission import Outcome, submit_visit


def _replay(actor, visit_id: int, client_id: uuid.UUID) -> Outcome | None:
    """The first result of a submission already received, or None."""
    visit = visible_visits(actor).filter(client_id=client_id).first()
    if visit is None:
        if Visit.objects.filter(client_id=client_id).exists():
            raise InspectionError(_("This submission belongs to another visit."), "conflict")
        return None
    if visit.pk != visit_id or visit.status != VisitStatus.SUBMITTED:
        raise InspectionError(_("This submission belongs to another visit."), "conflict")
    outcome = Outcome(visit=visit)
    for answer in visit.answers.filter(problem__isnull=False).select_related("problem"):
        if answer.problem is None or visit.recheck_of_id == answer.problem_id:
            continue
        (outcome.linked if answer.linked else outcome.opened).append(answer.problem)
    return outcome


def submit_once(visit_id: int, *, client_id: uuid.UUID, actor, **kwargs) -> tuple[Outcome, bool]:
    """`submit_visit` keyed by the phone's id for the submission: once only. Returns the
    outcome and whether it is the first send's, answered again."""
    try:
        with transaction.atomic():
            done = _replay(actor, visit_id, client_id)
            if done is not None:
                return done, True
            outcome = submit_visit(visit_id, actor=actor, **kwargs)
            # The unique constraint on client_id settles two sends racing each other.
            Visit.objects.filter(pk=outcome.visit.pk).update(client_id=client_id)
            outcome.visit.client_id = client_id
            return outcome, False
    except InspectionError as exc:
        if exc.code != "submitted":
            raise
    except IntegrityError:
        pass
    # Sent again while the first send was being saved: answer with the first one's result.
    done = _replay(actor, visit_id, client_id)
    if done is None:
        raise InspectionError(_("This visit was submitted already."), "submitted")
    return done, True
