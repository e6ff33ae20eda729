"""Worker side of notifications: one durable job per delivery."""

from django.utils.translation import gettext_lazy as _

from zhengzhi.jobs.registry import job
from zhengzhi.notifications import services


@job("notifications.deliver", label=_("Notification delivery"))
def deliver(job, delivery_id: int) -> dict:
    # The job runner counts the attempt when it claims the job, so job.attempts is this one.
    outcome = services.deliver(
        delivery_id, attempt=job.attempts, final_attempt=job.attempts >= job.max_attempts
    )
    return {"delivery": delivery_id, "outcome": outcome}
