"""The REST API at /api/v1/: one NinjaAPI, a router per app, token or session authentication.

Bad input answers 4xx with a reason: validation errors are 422 with the fields named, objects
outside the caller's scope are 404, and anything the caller may not do is 403.
"""

import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DataError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import ValidationError as SchemaError
from ninja.security import APIKeyHeader, HttpBearer, django_auth

from zhengzhi.accounts.services import user_for_token
from zhengzhi.core.api_errors import translated
from zhengzhi.core.openapi import declare_standard_answers

log = logging.getLogger(__name__)


class TokenAuth(HttpBearer):
    def authenticate(self, request, token):
        user = user_for_token(token, request=request)
        if user is not None:
            request.user = user
        return user


class TokenHeaderAuth(APIKeyHeader):
    param_name = "X-Api-Token"

    def authenticate(self, request, key):
        user = user_for_token(key or "", request=request)
        if user is not None:
            request.user = user
        return user


class ZhengzhiAPI(NinjaAPI):
    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        return declare_standard_answers(schema)


api = ZhengzhiAPI(
    title="Zhengzhi API",
    version="1",
    description="整治通 REST API. Authenticate with `Authorization: Bearer <token>`.",
    auth=[TokenAuth(), TokenHeaderAuth(), django_auth],
    urls_namespace="api",
)


@api.exception_handler(Http404)
def not_found(request, exc):
    return api.create_response(request, {"detail": _("Not found.")}, status=404)


@api.exception_handler(PermissionDenied)
def forbidden(request, exc):
    return api.create_response(request, {"detail": str(exc) or _("Forbidden.")}, status=403)


@api.exception_handler(ValidationError)
def invalid(request, exc):
    return api.create_response(request, {"detail": exc.messages}, status=400)


@api.exception_handler(OverflowError)
@api.exception_handler(DataError)
def out_of_range(request, exc):
    # A value the database cannot hold (a number past 2^63, a date past 9999) is bad input.
    return api.create_response(request, {"detail": _("A value is out of range.")}, status=400)


@api.exception_handler(Exception)
def unexpected(request, exc):
    # Still a 500, but JSON for API clients; the error is logged with its traceback.
    log.exception("API error on %s %s", request.method, request.path)
    return api.create_response(request, {"detail": _("Internal error.")}, status=500)


@api.exception_handler(SchemaError)
def schema_error(request, exc):
    # 422 with the fields named, as ninja answers, with the messages in the caller's language.
    return api.create_response(request, {"detail": translated(exc.errors)}, status=422)


def _register_routers() -> None:
    from zhengzhi.accountability.api import router as accountability_router
    from zhengzhi.accounts.api import router as accounts_router
    from zhengzhi.archive.api import router as archive_router
    from zhengzhi.audit.api import router as audit_router
    from zhengzhi.campaigns.api import router as campaigns_router
    from zhengzhi.cases.api import router as cases_router
    from zhengzhi.files.api import router as files_router
    from zhengzhi.inspections.api import router as inspections_router
    from zhengzhi.ledger.api import router as ledger_router
    from zhengzhi.ledger.api_indicators import router as indicators_router
    from zhengzhi.notifications.api import router as notifications_router
    from zhengzhi.org.api import router as org_router
    from zhengzhi.sites.api import router as sites_router
    from zhengzhi.standards.api import router as standards_router
    from zhengzhi.supervision.api import router as supervision_router
    from zhengzhi.territory.api import router as territory_router

    api.add_router("/accounts/", accounts_router)
    api.add_router("/org/", org_router)
    api.add_router("/territory/", territory_router)
    api.add_router("/sites/", sites_router)
    api.add_router("/notifications/", notifications_router)
    api.add_router("/files/", files_router)
    api.add_router("/audit/", audit_router)
    api.add_router("/ledger/", ledger_router)
    api.add_router("/indicators/", indicators_router)
    api.add_router("/campaigns/", campaigns_router)
    api.add_router("/standards/", standards_router)
    api.add_router("/cases/", cases_router)
    api.add_router("/archive/", archive_router)
    api.add_router("/inspections/", inspections_router)
    api.add_router("/supervision/", supervision_router)
    api.add_router("/accountability/", accountability_router)


_register_routers()
