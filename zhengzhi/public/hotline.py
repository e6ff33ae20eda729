"""The caller of a 12345 or hotline call, recorded by the office's dispatcher on the ledger's
record form (and its API): name and phone go into a public report of the hotline channel,
encrypted and confidential exactly as a citizen's own report (crypto, services.identity), so the
caller hears back (services.notify) and only the office's staff who deal with citizens ever see
who called; the unit that must fix the problem learns only that the public reported it.

Plugged into the ledger through its registry (ledger.registry.RecordExtension) in
PublicConfig.ready: the ledger never imports public reporting.
"""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zhengzhi.ledger.registry import RecordExtension, register_record_extension
from zhengzhi.ledger.services.errors import MoveError
from zhengzhi.public import crypto
from zhengzhi.public.models import Channel, PublicReport
from zhengzhi.public.services.identity import can_see_reporters
from zhengzhi.public.services.intake import PHONE_RE

NAME_MAX, PHONE_MAX = 60, 30


def _name_field(user):
    if not can_see_reporters(user):
        return None
    return forms.CharField(
        label=_("Caller's name"),
        max_length=NAME_MAX,
        required=False,
        empty_value=None,
        help_text=_("Confidential: only the office sees it, the unit never."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )


def _phone_field(user):
    if not can_see_reporters(user):
        return None
    return forms.CharField(
        label=_("Caller's phone"),
        max_length=PHONE_MAX,
        required=False,
        empty_value=None,
        validators=[_check_phone],
        help_text=_("The caller hears by SMS when the problem is accepted and dealt with."),
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
    )


def _check_phone(phone: str) -> None:
    if phone and (not PHONE_RE.match(phone) or sum(c.isdigit() for c in phone) < 7):
        raise forms.ValidationError(_("The phone number should be digits only, e.g. 13812345678."))


def _validate_name(actor, value) -> None:
    if not can_see_reporters(actor):
        raise MoveError(_("Only the office's staff may record a caller."), "not_allowed")
    if len(str(value).strip()) > NAME_MAX:
        raise MoveError(_("The caller's name is too long."), "invalid")


def _validate_phone(actor, value) -> None:
    if not can_see_reporters(actor):
        raise MoveError(_("Only the office's staff may record a caller."), "not_allowed")
    try:
        _check_phone(str(value).strip()[: PHONE_MAX + 1])
    except forms.ValidationError as exc:
        raise MoveError(exc.messages[0], "invalid") from None
    if len(str(value).strip()) > PHONE_MAX:
        raise MoveError(_("The phone number is too long."), "invalid")


def _report(problem) -> PublicReport:
    """The call's report: one per problem recorded, made by whichever field comes first."""
    found = PublicReport.objects.filter(problem=problem, channel=Channel.HOTLINE).first()
    return found or PublicReport(
        problem=problem,
        channel=Channel.HOTLINE,
        submitted_at=problem.reported_at or timezone.now(),
        wants_updates=True,
    )


def _apply_name(problem, value, actor) -> dict:
    name = str(value).strip()
    if not name:
        return {}
    report = _report(problem)
    report.name_enc = crypto.encrypt(name)
    report.name_masked = crypto.mask_name(name)[:40]
    report.save()
    # The audit row says a caller was recorded, never who.
    return {"caller": True}


def _apply_phone(problem, value, actor) -> dict:
    phone = str(value).strip()
    if not phone:
        return {}
    report = _report(problem)
    report.phone_enc = crypto.encrypt(phone)
    report.phone_masked = crypto.mask_phone(phone)[:20]
    report.has_contact = True
    report.save()
    return {"caller": True}


def register() -> None:
    register_record_extension(
        RecordExtension(
            key="caller_name",
            api_field="caller_name",
            api_type=str | None,
            form_field=_name_field,
            validate=_validate_name,
            apply=_apply_name,
            api_help="The caller's name (hotline intake; office staff only, stored encrypted)",
            order=200,
        )
    )
    register_record_extension(
        RecordExtension(
            key="caller_phone",
            api_field="caller_phone",
            api_type=str | None,
            form_field=_phone_field,
            validate=_validate_phone,
            apply=_apply_phone,
            api_help="The caller's phone (hotline intake; office staff only, stored encrypted)",
            order=201,
        )
    )
