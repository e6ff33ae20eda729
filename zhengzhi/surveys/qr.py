"""The questionnaire's QR code, made here (the qrcode library): SVG for the page, PNG to print."""

from __future__ import annotations

import io

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.urls import reverse


def public_url(request, survey) -> str:
    """The link residents open: ZZ_SITE_URL when set (behind a proxy), else this request's host."""
    path = reverse("survey_public:answer", args=[survey.code])
    return settings.SITE_URL + path if settings.SITE_URL else request.build_absolute_uri(path)


def qr_svg(text: str) -> bytes:
    image = qrcode.make(
        text,
        image_factory=qrcode.image.svg.SvgPathImage,
        error_correction=qrcode.constants.ERROR_CORRECT_M,
        box_size=10,
        border=4,
    )
    out = io.BytesIO()
    image.save(out)
    return out.getvalue()


def qr_png(text: str) -> bytes:
    image = qrcode.make(text, error_correction=qrcode.constants.ERROR_CORRECT_M, box_size=12)
    out = io.BytesIO()
    image.save(out)
    return out.getvalue()
