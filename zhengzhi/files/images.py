"""Checking and cleaning uploaded photos with Pillow.

A photo is accepted for what it is, not for its name: Pillow must recognise it, it must decode to
the last byte, and it must not be a decompression bomb. What is stored is a fresh JPEG of the
pixels only: the EXIF block (with the GPS position of the phone, often the reporter's home), XMP,
comments and every other piece of metadata stay behind. The EXIF orientation is applied to the
pixels first, so the photo still stands the right way up.
"""

from __future__ import annotations

import io
import struct
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

# Formats accepted, with the most pixels each may have. JPEG decodes at reduced scale (draft
# mode), so a 50-megapixel phone photo costs little memory; PNG and WebP decode in full.
MAX_PIXELS = {"JPEG": 64_000_000, "PNG": 25_000_000, "WEBP": 25_000_000}
MAX_SIDE = 2560  # longest side of the stored photo
THUMB_SIDE = 400  # longest side of the thumbnail
QUALITY = 85
THUMB_QUALITY = 80
THUMB_GAP = 1.5  # Pillow's reducing_gap: reduce by whole factors down to 1.5x the thumbnail

_DECODE_ERRORS = (OSError, SyntaxError, ValueError, EOFError, struct.error, IndexError, TypeError)


@dataclass(frozen=True)
class CleanImage:
    data: bytes
    thumb: bytes
    width: int
    height: int
    source_format: str


def _unsupported():
    return ValidationError(_("This is not a photo in JPEG, PNG or WebP format."), code="not_image")


def _damaged():
    return ValidationError(
        _("The photo is damaged or incomplete; please take or upload it again."), code="damaged"
    )


def _too_many_pixels():
    return ValidationError(
        _("The photo has too many pixels; please upload a smaller one."), code="too_many_pixels"
    )


def clean_image(fileobj) -> CleanImage:
    fmt = _check(fileobj)
    fileobj.seek(0)
    try:
        with Image.open(fileobj) as im:
            if fmt == "JPEG":
                im.draft(None, (MAX_SIDE, MAX_SIDE))
            im.load()  # raises on a truncated file (LOAD_TRUNCATED_IMAGES stays off)
            icc = im.info.get("icc_profile") if im.mode in ("RGB", "L") else None
            pixels = ImageOps.exif_transpose(im)
    except Image.DecompressionBombError:
        raise _too_many_pixels() from None
    except _DECODE_ERRORS:
        raise _damaged() from None
    try:
        pixels = _flatten(pixels)
    except _DECODE_ERRORS:
        raise _unsupported() from None
    # Drop everything the upload carried along with the pixels; only the colour profile stays.
    pixels.info = {}
    pixels.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)
    data = _encode(pixels, QUALITY, icc)
    small = pixels.copy()
    # A box reduction first, then LANCZOS over the last step: a thumbnail looks the same and costs
    # a fifth of LANCZOS over the whole photo (bench/public.py).
    small.thumbnail((THUMB_SIDE, THUMB_SIDE), Image.Resampling.LANCZOS, reducing_gap=THUMB_GAP)
    thumb = _encode(small, THUMB_QUALITY, icc)
    return CleanImage(data, thumb, pixels.width, pixels.height, fmt)


def _check(fileobj) -> str:
    """Recognises the format from the content and reads the whole file once (verify)."""
    fileobj.seek(0)
    try:
        # Pillow itself refuses twice its MAX_IMAGE_PIXELS at open; our limits are lower still
        # and are checked from the header, before any pixel is decoded.
        with Image.open(fileobj) as probe:
            fmt = probe.format
            if fmt not in MAX_PIXELS:
                raise _unsupported()
            width, height = probe.size
            if width * height > MAX_PIXELS[fmt]:
                raise _too_many_pixels()
            probe.verify()
    except ValidationError:
        raise
    except Image.DecompressionBombError:
        raise _too_many_pixels() from None
    except UnidentifiedImageError:
        raise _unsupported() from None
    except _DECODE_ERRORS:
        raise _damaged() from None
    return fmt


def _flatten(im: Image.Image) -> Image.Image:
    """RGB (or greyscale) for JPEG; transparent parts become white, as on paper."""
    if im.mode in ("RGBA", "LA", "PA") or (im.mode == "P" and "transparency" in im.info):
        rgba = im.convert("RGBA")
        background = Image.new("RGB", rgba.size, "white")
        background.paste(rgba, mask=rgba.getchannel("A"))
        return background
    if im.mode in ("RGB", "L"):
        return im
    return im.convert("RGB")


def _encode(im: Image.Image, quality: int, icc: bytes | None) -> bytes:
    # A plain baseline JPEG: `optimize` and `progressive` made the encode five times slower for
    # files 6 % smaller (bench/public.py), and the photo step was most of a public submission.
    buf = io.BytesIO()
    options: dict = {"quality": quality}
    if icc:
        options["icc_profile"] = icc
    im.save(buf, "JPEG", **options)
    return buf.getvalue()
