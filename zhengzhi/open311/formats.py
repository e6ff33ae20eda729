"""The two formats of GeoReport v2: every resource in XML and in JSON.

Both are built from the same plain data: a list of dicts (one per <service>, <request>, <error>),
or one dict for a service definition. In XML a list is the root element holding one child element
per item, booleans are "true"/"false", None is an empty element and a list value (the choices of
an attribute) becomes a wrapper of items (values/value). JSON is the same data as it is, in UTF-8.

Errors are the specification's list of code and description, with the code as the HTTP status.
"""

from __future__ import annotations

import json
from typing import Any
from xml.etree import ElementTree as ET  # noqa: S405 - building output only, nothing is parsed

from django.http import HttpResponse

FORMATS = ("xml", "json")
CONTENT_TYPES = {"xml": "text/xml; charset=utf-8", "json": "application/json; charset=utf-8"}
# Wrapper -> item element names for nested lists.
ITEM_NAMES = {
    "attributes": "attribute",
    "values": "value",
    "endpoints": "endpoint",
    "formats": "format",
}


def _text(value: Any) -> str:
    if value is None:
        return ""
    if value is True:
        return "true"
    if value is False:
        return "false"
    return str(value)


def _fill(parent: ET.Element, data: dict) -> None:
    for key, value in data.items():
        child = ET.SubElement(parent, key)
        if isinstance(value, list):
            item_name = ITEM_NAMES.get(key, "item")
            for item in value:
                element = ET.SubElement(child, item_name)
                if isinstance(item, dict):
                    _fill(element, item)
                else:
                    element.text = _text(item)
        elif isinstance(value, dict):
            _fill(child, value)
        else:
            child.text = _text(value)


def to_xml(data: list[dict] | dict, root: str, item: str = "") -> bytes:
    top = ET.Element(root)
    if isinstance(data, list):
        for entry in data:
            _fill(ET.SubElement(top, item), entry)
    else:
        _fill(top, data)
    body = ET.tostring(top, encoding="unicode", short_empty_elements=True)
    return ('<?xml version="1.0" encoding="utf-8"?>\n' + body + "\n").encode()


def to_json(data: list[dict] | dict) -> bytes:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()


def respond(
    data: list[dict] | dict, fmt: str, *, root: str, item: str = "", status: int = 200
) -> HttpResponse:
    body = to_xml(data, root, item) if fmt == "xml" else to_json(data)
    response = HttpResponse(body, content_type=CONTENT_TYPES[fmt], status=status)
    # Public data, read by apps and other sites' scripts; POSTs need a key anyway.
    response["Access-Control-Allow-Origin"] = "*"
    return response


class Open311Error(Exception):
    """Answers as the specification's error list: [{code, description}], code = HTTP status."""

    def __init__(self, status: int, description, *more: tuple[int, str]):
        super().__init__(str(description))
        self.status = status
        self.errors = [(status, str(description)), *((c, str(d)) for c, d in more)]


def error_response(exc: Open311Error, fmt: str) -> HttpResponse:
    data = [{"code": code, "description": text} for code, text in exc.errors]
    fmt = fmt if fmt in FORMATS else "xml"
    return respond(data, fmt, root="errors", item="error", status=exc.status)
