"""Reading a GeoJSON FeatureCollection and checking its features one by one, collecting every
problem with the feature's number (1-based, in file order) and code."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext as _

from zhengzhi.org.models import Unit
from zhengzhi.territory.geometry import GeometryError, parse_geometry

MAX_FEATURES = 50_000


@dataclass(frozen=True)
class FeatureError:
    index: int | None  # 1-based feature number; None: the file as a whole
    code: str
    message: str

    def __str__(self) -> str:
        if self.index is None:
            return self.message
        where = _("Feature %(n)d") % {"n": self.index}
        if self.code:
            where += f" ({self.code})"
        return f"{where}: {self.message}"


@dataclass
class ImportResult:
    kind: str
    dry_run: bool = False
    total: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[FeatureError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def counts(self) -> dict[str, int]:
        return {
            "total": self.total,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
        }


class FileProblem(Exception):
    pass


def read_features(raw: bytes | str | dict) -> list:
    if isinstance(raw, bytes):
        try:
            raw = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise FileProblem(_("The file is not UTF-8 text.")) from None
    if isinstance(raw, str):
        try:
            raw = json.loads(raw)
        except ValueError as exc:
            raise FileProblem(_("The file is not valid JSON: %(error)s") % {"error": exc}) from None
    if not isinstance(raw, dict) or raw.get("type") != "FeatureCollection":
        raise FileProblem(_("The file is not a GeoJSON FeatureCollection."))
    features = raw.get("features")
    if not isinstance(features, list) or not features:
        raise FileProblem(_("The FeatureCollection has no features."))
    if len(features) > MAX_FEATURES:
        raise FileProblem(_("At most %(n)d features per file.") % {"n": MAX_FEATURES})
    return features


class Feature:
    """One feature being checked: its properties, and a place to put its problems."""

    def __init__(self, index: int, raw: Any, errors: list[FeatureError], code_key: str):
        self.index, self.errors, self.ok = index, errors, True
        self.code = ""
        if not isinstance(raw, dict) or raw.get("type") != "Feature":
            self.props, self.geometry = {}, None
            self.fail(_("This is not a GeoJSON Feature."))
            return
        props = raw.get("properties") or {}
        if not isinstance(props, dict):
            props = {}
            self.fail(_("Its properties are not an object."))
        self.props, self.geometry = props, raw.get("geometry")
        self.code = self.text(code_key, 40) or ""

    def fail(self, message: str) -> None:
        self.ok = False
        self.errors.append(FeatureError(self.index, self.code, message))

    def has(self, key: str) -> bool:
        return key in self.props

    def text(self, key: str, max_length: int, required: bool = False) -> str | None:
        value = self.props.get(key)
        if value is None:
            value = ""
        elif isinstance(value, int | float) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str):
            self.fail(_("Property “%(key)s” must be text.") % {"key": key})
            return None
        value = value.strip()
        if required and not value:
            self.fail(_("Property “%(key)s” is required.") % {"key": key})
            return None
        if len(value) > max_length:
            self.fail(
                _("Property “%(key)s” is longer than %(n)d characters.")
                % {"key": key, "n": max_length}
            )
            return None
        return value

    def flag(self, key: str) -> bool | None:
        value = self.props.get(key)
        if isinstance(value, bool):
            return value
        if value in (1, 0, "1", "0", "true", "false", "yes", "no"):
            return value in (1, "1", "true", "yes")
        self.fail(_("Property “%(key)s” must be true or false.") % {"key": key})
        return None

    def geom(self, allowed: tuple[str, ...]):
        try:
            return parse_geometry(self.geometry, allowed)
        except GeometryError as exc:
            self.fail(str(exc))
            return None


def units_by_key(keys: set[str], **filters) -> dict[str, Unit]:
    """Units named in a file by code or by division code, in one query."""
    keys.discard("")
    if not keys:
        return {}
    qs = Unit.objects.filter(Q(code__in=keys) | Q(division_code__in=keys), **filters)
    found: dict[str, Unit] = {}
    for unit in qs:
        if unit.division_code:
            found.setdefault(unit.division_code, unit)
        found[unit.code] = unit
    return found


def chunks(items: list, size: int = 500):
    for start in range(0, len(items), size):
        yield items[start : start + size]


def existing_by_code(model, codes: list[str]) -> dict:
    out = {}
    for chunk in chunks(codes):
        out.update({o.code: o for o in model.objects.select_for_update().filter(code__in=chunk)})
    return out


def check_duplicate(feat: Feature, key, seen: dict, message: str) -> None:
    """message: a translated text with %(key)s and %(n)d (the feature it first appeared in)."""
    if key in seen:
        feat.fail(message % {"key": key, "n": seen[key]})
    else:
        seen[key] = feat.index
