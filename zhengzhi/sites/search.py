"""Finding sites by any part of their name, operator or address, by licence number or by
credit code (exact or prefix), among a million sites.

The indexes are made by migration 0003_search_index:

- SQLite: a contentless FTS5 table with the trigram tokenizer over Site.search_text (plus two
  spaces). Three characters or more: a phrase query, which with trigrams is an exact substring
  match. One or two characters cannot be a trigram query; but since every character of the
  indexed text starts a trigram, the trigrams that *start* with the query are exactly those
  of the texts that contain it. They are read from the index's vocabulary (fts5vocab, a range
  scan over its sorted terms, which also tells how many texts hold each one) and matched as an
  OR. A bigram side table would have cost ~30 rows a site; a LIKE scan, the whole table for a
  rare pair of characters (see bench/sites_search.py for the figures).
- PostgreSQL: ILIKE on pg_trgm's GIN index for three characters or more; for one or two, a GIN
  index on the text's set of one- and two-character grams (zz_site_grams), queried with @>.

A query that matches many sites (a common character such as 店) is cheaper as the plain
substring scan in the list's own order, which stops at the page's fiftieth site, than as an
index lookup that must gather and sort every match (and, for a short query, count them in the
vocabulary: 130 ms for 店 among a million). So the share of matches is estimated first on a
sample of SAMPLE sites (a scan of a few thousand rows, about a millisecond): from DENSE_IN of
them on, the scan is chosen, which then reads about SAMPLE * 50 / DENSE_IN rows at most.

Licence numbers, site codes and credit codes are exact or prefix matches on their own indexes
(Licence.number and Site.code unique; Site.credit_code). Everything is a condition on the
given queryset, so the scope and the other filters still apply.
"""

from __future__ import annotations

import re

from django.db import connection
from django.db.models import BooleanField, Q, QuerySet
from django.db.models.expressions import RawSQL

# The sample and the matches in it from which a text query scans in the list's order instead.
SAMPLE = 2000
DENSE_IN = 4
# A short query whose trigrams are this many or more is run as a scan as well.
MAX_TERMS = 400
IDENTIFIER = re.compile(r"^[0-9A-Za-z][0-9A-Za-z\-]*$")
LAST = "\U0010ffff"


def filter_text(qs: QuerySet, text: str) -> QuerySet:
    """Sites of `qs` matching `text` by name, operator or address (any part), site code,
    credit code or licence number (exact, or prefix for codes of two characters or more)."""
    text = " ".join((text or "").split())
    if not text:
        return qs
    ids_sql, ids_params = _identifier_ids(text)
    vendor = connection.vendor
    if _dense(text):
        text_ids = None
    elif vendor == "sqlite":
        text_ids = _sqlite_text_ids(text)
    elif vendor == "postgresql":
        text_ids = _postgres_text_ids(text)
    else:  # pragma: no cover - another database: the plain scan
        text_ids = None
    if text_ids is None:  # many matches, or no index: the scan in the list's order
        ids = RawSQL(ids_sql, ids_params)  # noqa: S611 - constant SQL, values as parameters
        return qs.filter(_contains(text) | Q(pk__in=ids))
    sql, params = text_ids
    union, values = f"{ids_sql} UNION {sql}", [*ids_params, *params]
    if vendor == "postgresql":
        # = ANY(ARRAY(...)): the matching ids gathered once, then read by primary key. As
        # IN (...), the planner may walk the list's order hoping to meet them early, which
        # for ten thousand ids bunched in one range of codes read half the table (1.5 s).
        return qs.filter(
            RawSQL(  # noqa: S611 - constant SQL, values as parameters
                f"site_registry_site.id = ANY(ARRAY({union}))",
                values,
                output_field=BooleanField(),
            )
        )
    return qs.filter(pk__in=RawSQL(union, values))  # noqa: S611 - as above


# Prefix lookups, each on its own index. PostgreSQL: LIKE on a varchar_pattern_ops index (the
# credit code's from 0003, Django's *_like ones on the unique columns). SQLite's LIKE is blind to
# case and so cannot use a binary index: a range can.
PREFIX_SQL = {
    "postgresql": (
        "SELECT id FROM site_registry_site WHERE credit_code LIKE %s",
        "SELECT site_id FROM site_registry_licence WHERE number LIKE %s",
    ),
    "sqlite": (
        "SELECT id FROM site_registry_site WHERE credit_code >= %s AND credit_code < %s",
        "SELECT site_id FROM site_registry_licence WHERE number >= %s AND number < %s",
    ),
}


def _identifier_ids(text: str) -> tuple[str, list]:
    """Site ids by site code, credit code and licence number: exact, and prefix for things
    that look like codes. Each branch is one index lookup."""
    parts = [
        ("SELECT id FROM site_registry_site WHERE code = %s", [text.upper()]),
        ("SELECT site_id FROM site_registry_licence WHERE number = %s", [text]),
    ]
    if IDENTIFIER.match(text) and len(text) >= 2:
        credit_sql, licence_sql = PREFIX_SQL.get(connection.vendor, PREFIX_SQL["sqlite"])
        parts.append((credit_sql, _prefix_params(text.upper())))
        parts.append((licence_sql, _prefix_params(text.upper())))
        if text != text.upper():  # a licence number as typed, too
            parts.append((licence_sql, _prefix_params(text)))
    sql = " UNION ".join(p[0] for p in parts)
    return sql, [v for p in parts for v in p[1]]


def _prefix_params(prefix: str) -> list:
    if connection.vendor == "postgresql":
        return [_like_escape(prefix) + "%"]
    return [prefix, prefix + LAST]


def _like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _contains(text: str) -> Q:
    if connection.vendor == "postgresql":
        return Q(
            RawSQL(  # noqa: S611 - constant SQL, the text as a parameter
                "site_registry_site.search_text ILIKE %s",
                ["%" + _like_escape(text) + "%"],
                output_field=BooleanField(),
            )
        )
    return Q(search_text__icontains=text)


def _phrase(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _sqlite_text_ids(text: str) -> tuple[str, list] | None:
    """(SQL of the matching site ids, params) on the FTS5 index, or None when the query
    matches so many sites that the scan is cheaper."""
    if len(text) >= 3:
        query = _phrase(text)
    else:
        low = text.lower()
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT term FROM site_registry_site_fts_terms WHERE term >= %s AND term <= %s",
                [low, low + LAST],
            )
            rows = cursor.fetchall()
        if not rows:
            return ("SELECT rowid FROM site_registry_site_fts WHERE 0", [])
        if len(rows) >= MAX_TERMS:
            return None
        query = " OR ".join(_phrase(term) for (term,) in rows)
    return "SELECT rowid FROM site_registry_site_fts WHERE site_registry_site_fts MATCH %s", [query]


def _postgres_text_ids(text: str) -> tuple[str, list] | None:
    if len(text) >= 3:
        sql = "SELECT id FROM site_registry_site WHERE search_text ILIKE %s"
        params: list = ["%" + _like_escape(text) + "%"]
    else:
        sql = (
            "SELECT id FROM site_registry_site"
            " WHERE zz_site_grams(search_text) @> ARRAY[%s]::text[]"
        )
        params = [text.lower()]
    return sql, params


def _dense(text: str) -> bool:
    """Whether DENSE_IN or more of the first SAMPLE sites match: then so many sites do that
    the scan in the list's order fills a page sooner than the index can gather them all."""
    if connection.vendor == "postgresql":
        cond, param = "search_text ILIKE %s", "%" + _like_escape(text) + "%"
    else:
        cond, param = "search_text LIKE %s ESCAPE '\\'", "%" + _like_escape(text) + "%"
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM (SELECT search_text FROM site_registry_site"  # noqa: S608
            f" ORDER BY id LIMIT {int(SAMPLE)}) AS sample WHERE {cond}",
            [param],
        )
        return cursor.fetchone()[0] >= DENSE_IN
