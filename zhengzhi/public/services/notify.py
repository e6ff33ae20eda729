"""Telling reporters how their problem goes: registered, not registered (and why), closed.

Every reporter of a problem, and of the duplicates merged into it, who asked for updates and left
a phone or an e-mail gets an SMS and/or an e-mail. The ledger announces its moves to the listener
registered here (zhengzhi.ledger.services.notices.register_listener, from PublicConfig.ready);
the listener queues one durable job per report, event and channel inside the move's transaction,
and the worker sends it after commit through zhengzhi.notifications' SMS gateway and the mail
server. The contact stays encrypted until the moment of sending: a job holds only ids.

A message carries the tracking code and link, the reason when the problem was not registered,
and never a staff member's name or an internal note.
"""

from __future__ import annotations

import logging
import smtplib

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db.models import Q
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.utils.translation import pgettext_lazy

from zhengzhi.jobs.models import Job, JobStatus
from zhengzhi.jobs.registry import job
from zhengzhi.jobs.services import enqueue
from zhengzhi.ledger.models import Problem, Status
from zhengzhi.notifications.services import SEND_TIMEOUT_SECONDS, public_link, sms_message
from zhengzhi.notifications.sms import SmsError, get_sms_backend
from zhengzhi.public.models import PublicReport
from zhengzhi.public.services.identity import contact_for_notice, reports_of

log = logging.getLogger(__name__)

JOB = "public.notice"
LISTENER = "public.reporters"
# What a reporter hears of. "registered" and "rejected" come once per report, whatever happens
# later; "closed" once per closing (a problem reopened and closed again is told again).
EVENTS = ("registered", "rejected", "closed")
REASON_CHARS = 60


def _wanting(qs):
    return qs.filter(wants_updates=True).filter(~Q(phone_enc="") | ~Q(email_enc=""))


def _key(report_id: int, event: str, problem: Problem, channel: str) -> str:
    once = f"{problem.version}" if event == "closed" else "once"
    return f"{JOB}:{report_id}:{event}:{once}:{channel}"


def _queue(report: PublicReport, problem: Problem, event: str) -> int:
    queued = 0
    for channel, value in (("sms", report.phone_enc), ("email", report.email_enc)):
        if not value:
            continue
        key = _key(report.pk, event, problem, channel)
        if enqueue(
            JOB,
            dedupe_key=key,
            report_id=report.pk,
            problem_id=problem.pk,
            event=event,
            channel=channel,
        ):
            queued += 1
    return queued


def on_problem_event(problem: Problem, event: str, **data) -> int:
    """The ledger's listener. Returns how many messages were queued (for tests)."""
    if event == "merged":
        # The merged problem's reporters now follow the master: tell them where it stands
        # (nothing yet if the master still waits to be registered; they hear it with it).
        master = data["master"]
        if master.status == Status.CLOSED:
            event, problem = "closed", master
        elif master.status in (Status.REPORTED, Status.REJECTED, Status.MERGED):
            return 0
        else:
            event, problem = "registered", master
    if event not in EVENTS:
        return 0
    return sum(_queue(r, problem, event) for r in _wanting(reports_of(problem)))


EVENT_LABELS = {
    "registered": pgettext_lazy("reporter notice", "accepted"),
    "rejected": pgettext_lazy("reporter notice", "not accepted"),
    "closed": pgettext_lazy("reporter notice", "dealt with"),
}
CHANNEL_LABELS = {"sms": _lazy("SMS"), "email": _lazy("e-mail")}


def messages_of(reports, problem: Problem) -> dict[int, list[dict]]:
    """What each report's reporter was sent about `problem` (their master): event, channel and
    whether it went out, for the office. One query by the jobs' unique keys."""
    keys = {}
    for r in reports:
        for event in EVENTS:
            for channel in ("sms", "email"):
                keys[_key(r.pk, event, problem, channel)] = (r.pk, event, channel)
    out: dict[int, list[dict]] = {r.pk: [] for r in reports}
    if not keys:
        return out
    jobs = Job.objects.filter(dedupe_key__in=list(keys)).only("dedupe_key", "status", "result")
    for j in sorted(jobs, key=lambda j: j.pk):
        report_id, event, channel = keys[j.dedupe_key or ""]
        if j.status == JobStatus.DONE:
            state = "sent" if (j.result or {}).get("outcome") == "sent" else "failed"
        else:
            state = "failed" if j.status == JobStatus.FAILED else "queued"
        out[report_id].append(
            {
                "event": EVENT_LABELS[event],
                "channel": CHANNEL_LABELS[channel],
                "state": state,
            }
        )
    return out


def track_link(code: str) -> str:
    try:
        path = reverse("public:track", args=[code])
    except NoReverseMatch:
        path = f"/track/{code}"
    return public_link(path)


def _parts(report: PublicReport, problem: Problem, event: str) -> tuple[str, str, str]:
    """(subject, message, tracking link or "") in the site's language."""
    code = report.tracking_code
    with translation.override(settings.LANGUAGE_CODE):
        if event == "registered":
            subject = _("Your report %(code)s was accepted") % {"code": code}
            text = _("Your report %(code)s was accepted and is being dealt with.") % {"code": code}
        elif event == "rejected":
            reason = " ".join((problem.reject_reason or "").split())
            if len(reason) > REASON_CHARS:
                reason = reason[: REASON_CHARS - 1] + "…"
            subject = _("Your report %(code)s was not accepted") % {"code": code}
            text = _("Your report %(code)s was not accepted: %(reason)s") % {
                "code": code,
                "reason": reason,
            }
        else:
            subject = _("Your report %(code)s has been dealt with") % {"code": code}
            text = _(
                "Your report %(code)s has been dealt with. Please tell us how satisfied you are."
            ) % {"code": code}
        link = track_link(code)
        if not link:
            text = f"{text} " + _("Look it up with your code on the public page.")
    return subject, text, link


def compose(report: PublicReport, problem: Problem, event: str) -> tuple[str, str]:
    """(subject, text) in the site's language: the e-mail's text, with the tracking link (on the
    public address, ZZ_PUBLIC_URL) when one is configured."""
    subject, text, link = _parts(report, problem, event)
    return subject, f"{text} {link}" if link else text


def compose_sms(report: PublicReport, problem: Problem, event: str) -> str:
    """The SMS: the sender's signature, the message and the whole tracking link."""
    _subject, text, link = _parts(report, problem, event)
    return sms_message(text, link)


def send(report: PublicReport, event: str, channel: str, problem: Problem) -> dict:
    """Sends one message now. A refused number or address is final ("failed"); anything else
    raises, so the job is tried again later."""
    contact = contact_for_notice(report)
    address = contact.phone if channel == "sms" else contact.email
    if not address:
        return {"outcome": "skipped", "why": "no contact"}
    subject, text = compose(report, problem, event)
    try:
        if channel == "sms":
            provider_id = get_sms_backend().send(address, compose_sms(report, problem, event))
        else:
            message = EmailMessage(
                subject=subject,
                body=text + "\n",
                from_email=settings.DEFAULT_FROM_EMAIL,
                to=[address],
                connection=get_connection(timeout=SEND_TIMEOUT_SECONDS),
            )
            message.send()
            provider_id = ""
    except (SmsError, smtplib.SMTPRecipientsRefused) as exc:
        if isinstance(exc, SmsError) and not exc.permanent:
            raise
        log.warning("notice to report %s by %s refused: %s", report.pk, channel, exc)
        return {"outcome": "failed", "error": f"{type(exc).__name__}"}
    return {"outcome": "sent", "provider_id": str(provider_id)[:200]}


@job(JOB, label=_lazy("Notice to a public reporter"))
def notice_job(job, report_id: int, problem_id: int, event: str, channel: str) -> dict:
    report = PublicReport.objects.filter(pk=report_id).first()
    problem = Problem.objects.filter(pk=problem_id).first()
    if report is None or problem is None:
        return {"outcome": "skipped", "why": "gone"}
    result = send(report, event, channel, problem)
    return {"report": report_id, "event": event, "channel": channel, **result}


def register() -> None:
    from zhengzhi.ledger.services import notices

    notices.register_listener(LISTENER, on_problem_event)
