"""The answers every operation of the API may give, declared in its OpenAPI schema.

The API's exception handlers answer the same way everywhere: 401 without valid credentials, 404
for an object outside the caller's scope, 403 for a write the caller may not make, 422 naming a
refused field and 400 for a value the server cannot use. Declaring them once here, from what each
operation takes (credentials, a path, parameters, a body), keeps a client generated from the
schema right without every route restating them. An operation's own declaration wins.
"""

from __future__ import annotations

from typing import Any

from ninja import Schema

from zhengzhi.core.api_errors import BadValue, FieldErrors, Message

REF = "#/components/schemas/{model}"
WRITES = {"post", "put", "patch", "delete"}


def _ref(schema: dict, model: type[Schema]) -> dict:
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    body = model.model_json_schema(ref_template=REF)
    for name, definition in body.pop("$defs", {}).items():
        components.setdefault(name, definition)
    components.setdefault(model.__name__, body)
    return {"$ref": REF.format(model=model.__name__)}


def _answer(schema: dict, model: type[Schema], description: str) -> dict:
    return {
        "description": description,
        "content": {"application/json": {"schema": _ref(schema, model)}},
    }


def declare_standard_answers(schema: dict[str, Any]) -> dict[str, Any]:
    for path_item in schema.get("paths", {}).values():
        for method, operation in path_item.items():
            if method not in WRITES | {"get", "head", "options"}:
                continue
            answers = operation.setdefault("responses", {})
            params = operation.get("parameters", [])
            added: dict[int, dict] = {}
            if operation.get("security"):
                added[401] = _answer(schema, Message, "Not signed in, or the token is not valid")
            if method in WRITES:
                added[403] = _answer(schema, Message, "The caller may not do this")
            if any(p.get("in") == "path" for p in params):
                added[404] = _answer(schema, Message, "Not found, or outside the caller's scope")
            if params or "requestBody" in operation:
                added[400] = _answer(schema, BadValue, "A value the server cannot use")
                added[422] = _answer(schema, FieldErrors, "A refused parameter or field, named")
            for status, answer in added.items():
                if status not in answers and str(status) not in answers:
                    answers[status] = answer
    return schema


# For a route whose query names an object (a unit filter, say) or that only some roles may read:
# `@router.get(..., openapi_extra=MAY_BE_NOT_FOUND)`.
MAY_BE_NOT_FOUND = {
    "responses": {
        404: {
            "description": "Not found, or outside the caller's scope",
            "content": {"application/json": {"schema": {"$ref": REF.format(model="Message")}}},
        }
    }
}
