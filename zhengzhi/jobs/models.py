"""Durable jobs: a row per job makes the huey queue safe to lose and a job safe to kill.

A job's handler runs in one transaction together with marking the row done, so a worker killed
half-way leaves nothing behind and the sweeper runs the job again; a finished job never runs twice.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class Job(models.Model):
    name = models.CharField(_("job"), max_length=80)
    args = models.JSONField(default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    max_attempts = models.PositiveSmallIntegerField(default=5)
    lease_token = models.CharField(max_length=32, blank=True)
    lease_until = models.DateTimeField(null=True, blank=True)
    run_after = models.DateTimeField(null=True, blank=True)
    dedupe_key = models.CharField(max_length=200, null=True, blank=True, unique=True)
    progress = models.PositiveIntegerField(_("progress"), default=0)
    total = models.PositiveIntegerField(_("total"), default=0)
    result = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True)
    created_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("job")
        verbose_name_plural = _("jobs")
        indexes = [models.Index(fields=["status", "lease_until"])]

    def __str__(self) -> str:
        return f"{self.name}#{self.pk} {self.status}"


class WorkerHeartbeat(models.Model):
    """One row the worker touches every minute, and each running job's lease renewal meanwhile;
    /healthz reads it."""

    beat_at = models.DateTimeField()
    hostname = models.CharField(max_length=100, blank=True)
    pid = models.IntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.hostname}:{self.pid} at {self.beat_at:%Y-%m-%d %H:%M:%S}"
