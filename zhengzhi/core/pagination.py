"""The one pagination of the API's `@paginate` lists (settings.NINJA_PAGINATION_CLASS).

ninja's LimitOffsetPagination bounds neither `offset` nor `limit`: a number past 2^63 reaches the
database and answers 500, and a limit of a million makes one request read a whole table. Here
both are bounded in the schema, so such a request is a 422 naming the parameter and the bound.
"""

from __future__ import annotations

from ninja import Field, Schema
from ninja.conf import settings as ninja_settings
from ninja.pagination import LimitOffsetPagination

PER_PAGE = ninja_settings.PAGINATION_PER_PAGE  # settings.NINJA_PAGINATION_PER_PAGE
MAX_LIMIT = 500
# Far past any table this app holds, and far below what the databases can add a limit to.
MAX_OFFSET = 10**9


class BoundedPagination(LimitOffsetPagination):
    class Input(Schema):
        limit: int = Field(PER_PAGE, ge=1, le=MAX_LIMIT, description="Items per page")
        offset: int = Field(0, ge=0, le=MAX_OFFSET, description="Items to skip")

    def __init__(self, **kwargs):
        super().__init__(max_limit=MAX_LIMIT, **kwargs)
