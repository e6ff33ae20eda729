"""Sample uploads for the tests, made with Pillow."""

import io
import struct
import zipfile
import zlib

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import ExifTags, Image

RED, BLUE = (220, 20, 20), (20, 20, 220)


def half_and_half(size=(200, 100)) -> Image.Image:
    """Left half red, right half blue: shows which way the photo was turned."""
    im = Image.new("RGB", size, BLUE)
    im.paste(RED, (0, 0, size[0] // 2, size[1]))
    return im


def phone_jpeg(size=(200, 100), orientation=6) -> bytes:
    """A JPEG as a phone writes it: camera make, GPS position, orientation tag, XMP, comment."""
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "PhoneCo"
    exif[ExifTags.Base.Model] = "Model X"
    exif[ExifTags.Base.Orientation] = orientation
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (30.0, 15.0, 12.5)
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (120.0, 9.0, 30.0)
    xmp = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF>HomeAddress</rdf:RDF></x:xmpmeta>'
    buf = io.BytesIO()
    half_and_half(size).save(buf, "JPEG", exif=exif, comment=b"secret comment", xmp=xmp)
    return buf.getvalue()


def image_bytes(fmt="JPEG", size=(300, 200), mode="RGB", color=(10, 120, 10)) -> bytes:
    buf = io.BytesIO()
    Image.new(mode, size, color).save(buf, fmt)
    return buf.getvalue()


def png_bomb(width=30000, height=30000) -> bytes:
    """A PNG header that claims 900 million pixels; Pillow must refuse before decoding."""

    def chunk(kind, data):
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(b"\0" * 64))
        + chunk(b"IEND", b"")
    )


def office(kind="docx", macros=False) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml" if kind == "docx" else "xl/workbook.xml", "<x/>")
        if macros:
            archive.writestr("word/vbaProject.bin", b"\0\1")
    return buf.getvalue()


def upload(name, data, content_type="application/octet-stream") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)
