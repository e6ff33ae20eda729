"""The extra questions of the public categories (published to Open311 clients as service
definition attributes): edited by the office on the Open311 page, shipped for a few categories
in data/questions.json. The audit actions keep their first names (open311.attribute.*) so that
the log reads the same before and after the questions moved to public reporting."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from zhengzhi.audit.services import record
from zhengzhi.ledger.models import Category
from zhengzhi.public.models import Datatype, ExtraQuestion

DATA_FILE = Path(__file__).resolve().parent.parent / "data" / "questions.json"
# Safe inside attribute[CODE] of a form field name: no brackets, no spaces.
CODE_RE = re.compile(r"^[A-Za-z0-9_\-]{1,50}$")
FIELDS = (
    "code",
    "variable",
    "datatype",
    "required",
    "description",
    "datatype_description",
    "order",
    "values",
)


def clean_question(data: dict[str, Any]) -> dict[str, Any]:
    """The question's fields, checked; ValidationError names each bad field."""
    errors: dict[str, list[str]] = {}

    def bad(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    code = str(data.get("code") or "").strip()
    if not CODE_RE.match(code):
        bad(
            "code",
            _("A code has 1 to 50 letters, digits, - and _ (it is sent as attribute[code])."),
        )
    datatype = str(data.get("datatype") or "")
    if datatype not in Datatype.values:
        bad("datatype", _("Choose a datatype."))
    description = str(data.get("description") or "").strip()
    if not description:
        bad("description", _("Write the question."))
    elif len(description) > 300:
        bad("description", _("The question has at most 300 characters."))
    hint = str(data.get("datatype_description") or "").strip()
    if len(hint) > 200:
        bad("datatype_description", _("The hint has at most 200 characters."))
    try:
        order = int(data.get("order") or 1)
    except (TypeError, ValueError):
        order = 0
    if not 1 <= order <= 999:
        bad("order", _("The order is a number from 1 to 999."))
    values: list[dict[str, str]] = []
    if datatype in (Datatype.SINGLE, Datatype.MULTI):
        seen: set[str] = set()
        for item in data.get("values") or []:
            key, name = str(item.get("key", "")).strip(), str(item.get("name", "")).strip()
            if not key or not name or len(key) > 50 or len(name) > 100:
                bad(
                    "values",
                    _("Each choice has a key (up to 50 characters) and a name (up to 100)."),
                )
                break
            if key in seen:
                bad("values", _("The key “%(key)s” is given twice.") % {"key": key})
                break
            seen.add(key)
            values.append({"key": key, "name": name})
        if not values and "values" not in errors:
            bad("values", _("A list question needs at least one choice."))
    for field, value in (("code", code), ("description", description), ("hint", hint)):
        if "\x00" in value:
            bad(field, _("Null characters are not allowed."))
    if errors:
        raise ValidationError(errors)
    return {
        "code": code,
        "variable": bool(data.get("variable", True)),
        "datatype": datatype,
        "required": bool(data.get("required", False)) and bool(data.get("variable", True)),
        "description": description,
        "datatype_description": hint,
        "order": order,
        "values": values,
    }


def _taken(category: Category, code: str) -> ValidationError:
    return ValidationError(
        {
            "code": [
                _("The category already has a question with the code %(code)s.") % {"code": code}
            ]
        }
    )


def _audit_data(question: ExtraQuestion) -> dict[str, Any]:
    return {"category": question.category.code, **{f: getattr(question, f) for f in FIELDS}}


@transaction.atomic
def create_question(category: Category, data: dict, *, actor, request=None) -> ExtraQuestion:
    fields = clean_question(data)
    if ExtraQuestion.objects.filter(category=category, code=fields["code"]).exists():
        raise _taken(category, fields["code"])
    try:
        with transaction.atomic():
            question = ExtraQuestion.objects.create(category=category, **fields)
    except IntegrityError:
        raise _taken(category, fields["code"]) from None
    record(
        "open311.attribute.create",
        actor=actor,
        obj=question,
        request=request,
        data=_audit_data(question),
    )
    return question


@transaction.atomic
def update_question(pk: int, data: dict, *, actor, request=None) -> ExtraQuestion:
    question = ExtraQuestion.objects.select_for_update().select_related("category").get(pk=pk)
    fields = clean_question(data)
    if (
        ExtraQuestion.objects.filter(category_id=question.category_id, code=fields["code"])
        .exclude(pk=pk)
        .exists()
    ):
        raise _taken(question.category, fields["code"])
    before = _audit_data(question)
    for name, value in fields.items():
        setattr(question, name, value)
    question.save()
    after = _audit_data(question)
    changed = {k: [before[k], after[k]] for k in after if before[k] != after[k]}
    if changed:
        record(
            "open311.attribute.update",
            actor=actor,
            obj=question,
            request=request,
            data={"category": question.category.code, "changed": changed},
        )
    return question


@transaction.atomic
def delete_question(pk: int, *, actor, request=None) -> None:
    question = ExtraQuestion.objects.select_for_update().select_related("category").get(pk=pk)
    data = _audit_data(question)
    record("open311.attribute.delete", actor=actor, obj=question, request=request, data=data)
    question.delete()


@transaction.atomic
def load_questions(path: Path = DATA_FILE, *, actor=None, request=None) -> dict[str, int]:
    """Adds the questions of the data file that are missing (the office's own edits are kept);
    categories missing from the ledger are skipped. Returns counts."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    categories = {c.code: c for c in Category.objects.filter(code__in=data["categories"].keys())}
    created = skipped = 0
    for code, questions in data["categories"].items():
        category = categories.get(code)
        if category is None:
            skipped += len(questions)
            continue
        existing = set(category.extra_questions.values_list("code", flat=True))
        for question in questions:
            fields = clean_question(question)
            if fields["code"] in existing:
                continue
            ExtraQuestion.objects.create(category=category, **fields)
            created += 1
    if created:
        record(
            "open311.attribute.load",
            actor=actor,
            object_type="public.extraquestion",
            request=request,
            data={"created": created, "file": Path(path).name},
        )
    return {"created": created, "skipped": skipped}
