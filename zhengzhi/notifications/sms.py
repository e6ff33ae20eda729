"""SMS adapter. Government SMS gateways differ per province, so sending goes through a small
interface; settings.SMS_BACKEND names the class (dotted path). The default only writes to the log,
which is what a demo or an intranet without a gateway needs.

A gateway adapter subclasses SmsBackend, implements send() and raises SmsError on failure
(permanent=True when retrying cannot help, e.g. an invalid number).
"""

from __future__ import annotations

import logging
import uuid

from django.conf import settings
from django.utils.module_loading import import_string

log = logging.getLogger(__name__)


class SmsError(Exception):
    def __init__(self, message: str, *, permanent: bool = False):
        super().__init__(message)
        self.permanent = permanent


class SmsBackend:
    def send(self, phone: str, text: str) -> str:
        """Sends one message; returns the gateway's message id. Raises SmsError."""
        raise NotImplementedError


class LogSmsBackend(SmsBackend):
    def send(self, phone: str, text: str) -> str:
        message_id = f"log-{uuid.uuid4().hex[:12]}"
        log.info("SMS %s to %s: %s", message_id, phone, text)
        return message_id


def get_sms_backend() -> SmsBackend:
    backend = import_string(settings.SMS_BACKEND)()
    if not isinstance(backend, SmsBackend):
        raise TypeError(f"{settings.SMS_BACKEND} is not an SmsBackend")
    return backend
