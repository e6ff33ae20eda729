"""Finding sites by any part of their name, operator or address, by licence number or by
credit code (exact or prefix), among a million sites.

The indexes are made by migrations 0003_search_index and 0004_search_instances:

- SQLite: a contentless FTS5 table with the trigram tokenizer over Site.search_text (plus two
  spaces). Three characters or more: a phrase query, which with trigrams is an exact substring
  match. One or two characters cannot be a trigram query; but since every character of the
  indexed text starts a trigram, the trigrams that *start* with the query are exactly those
  of the texts that contain it. Their texts are read from the index's vocabulary by instance
  (fts5vocab, a range scan over its sorted terms, 0004), which can stop after a few thousand
  texts where the vocabulary by row (0003) counts every term's texts first (130 ms for 店 among
  a million). A bigram side table would have cost ~30 rows a site; a LIKE scan, the whole
  table for a rare pair of characters (see bench/sites_search.py for the figures).
- PostgreSQL: ILIKE on pg_trgm's GIN index for three characters or more; for one or two, a GIN
  index on the text's set of one- and two-character grams (zz_site_grams), queried with @>.

How a query is run is decided by one statement (on SQLite, two for a text with more than FEW
matches), which asks every index for at most PROBE + 1 ids at once (site code and licence number
exact; credit code and licence number prefix for things that look like codes; the text index,
on SQLite first for FEW + 1; on PostgreSQL after reading a sample in the same statement), each
an indexed lookup that stops there:

- a lookup that found PROBE ids or fewer gives its ids as they are, so that the page's query is
  a read of those rows by primary key (as cheap as the bare SQL; nothing is run twice);
- a text query with more matches (a common character such as 店: found in DENSE_IN of the
  first SAMPLE sites, or more than PROBE matches) is run as the plain substring scan in the
  list's own order, which stops at the page's fiftieth site (it reads about 50 * 1,000,000 /
  PROBE rows at most among a million), while the index would gather and sort every match;
- a code prefix with more matches (a short licence prefix) stays a subquery on its own index.

The ids are read and handed back as one comma-separated string (json_each on SQLite, an array
on PostgreSQL): as Django's list of parameters they cost a parameter each. The plan does not
change what is found, only how: tests run every path both ways.
"""

from __future__ import annotations

import re

from django.db import connection
from django.db.models import BooleanField, Q, QuerySet
from django.db.models.expressions import RawSQL

# The ids a lookup may give as they are; beyond, a text query is run as the scan in the list's
# order and a code prefix as a subquery.
PROBE = 2000
# The text index is first asked for FEW + 1 ids (cheap for any text). A text with more: if
# DENSE_IN of the first SAMPLE sites hold it (2 %), it is so common that the scan is taken at
# once (it reads about SAMPLE * 50 / DENSE_IN rows), sparing the index's PROBE + 1 ids (1 ms for
# 店 among a million); else the index is asked for PROBE + 1.
FEW = 200
SAMPLE = 200
DENSE_IN = 4
IDENTIFIER = re.compile(r"^[0-9A-Za-z][0-9A-Za-z\-]*$")
LAST = "\U0010ffff"


def filter_text(qs: QuerySet, text: str) -> QuerySet:
    """Sites of `qs` matching `text` by name, operator or address (any part), site code,
    credit code or licence number (exact, or prefix for codes of two characters or more)."""
    text = " ".join((text or "").split())
    if not text:
        return qs
    vendor = connection.vendor
    lookups = _identifier_lookups(text)
    text_lookup = _text_lookup(text, vendor)
    if text_lookup is not None:
        lookups.append(text_lookup)
    limits = [PROBE + 1] * len(lookups)
    if text_lookup is not None:
        limits[-1] = FEW + 1
    # PostgreSQL's GIN index builds its bitmap of every match whatever the LIMIT (20 ms for
    # 店): there the sample is read before the text index is asked at all.
    # PostgreSQL's GIN index builds its bitmap of every match whatever the LIMIT (20 ms for
    # 店): there the sample is read first, in the same statement as every other lookup.
    if vendor == "postgresql" and text_lookup is not None:
        limits[-1] = PROBE + 1
        found, dense = _probe(lookups, limits, sample=text)
    else:
        found, dense = _probe(lookups, limits)
        last = len(lookups) - 1
        if text_lookup is not None and found.get(last, (0, ""))[0] > FEW:
            more, dense = _probe([text_lookup], [PROBE + 1], sample=text)
            found[last] = more.get(0, (0, ""))
    ids: list[str] = []
    conditions = []
    for number, (sql, params) in enumerate(lookups):
        count, listed = found.get(number, (0, ""))
        if dense and lookups[number] is text_lookup:
            conditions.append(_contains(text))
        elif count <= PROBE:
            if count:
                ids.append(listed)
        elif lookups[number] is text_lookup:  # many matches: the scan in the list's order
            conditions.append(_contains(text))
        else:
            conditions.append(_in_subquery(sql, params, vendor))
    if text_lookup is None:  # pragma: no cover - another database: the plain scan
        conditions.append(_contains(text))
    if ids:
        conditions.append(_in_ids(",".join(ids), vendor))
    if not conditions:
        return qs.none()
    condition = conditions[0]
    for other in conditions[1:]:
        condition |= other
    return qs.filter(condition)


def _probe(
    lookups: list[tuple[str, list]], limits: list[int], *, sample: str | None = None
) -> tuple[dict[int, tuple[int, str]], bool]:
    """How many ids every lookup gives (its limit at most) and the ids, comma-separated, in
    one statement: ({lookup: (count, ids)}, dense). As one string a lookup's ids cost nothing
    to read, and go back to the database as they are.

    With `sample` (the text): whether DENSE_IN of the first SAMPLE sites hold it (dense), read
    first in the same statement; when dense the last lookup (the text index) is given a LIMIT
    of 0, so that its index is not asked at all."""
    postgres = connection.vendor == "postgresql"
    concat = "string_agg(id::text, ',')" if postgres else "group_concat(id)"
    params: list = []
    prefix = ""
    if sample is not None:
        cond = "search_text ILIKE %s" if postgres else "search_text LIKE %s ESCAPE '\\'"
        # Constant SQL, values as parameters.
        prefix = (
            "WITH sample AS MATERIALIZED (SELECT count(*) >= %s AS dense FROM (SELECT"  # noqa: S608
            f" search_text FROM site_registry_site ORDER BY id LIMIT {int(SAMPLE)}) AS first"
            f" WHERE {cond}) "
        )
        params += [DENSE_IN, "%" + _like_escape(sample) + "%"]
    parts = []
    for number, ((lookup, values), limit) in enumerate(zip(lookups, limits, strict=True)):
        cap = str(int(limit))
        if sample is not None and number == len(lookups) - 1:
            cap = f"(SELECT CASE WHEN dense THEN 0 ELSE {int(limit)} END FROM sample)"  # noqa: S608
        parts.append(
            f"SELECT {number}, count(*), {concat} FROM ({lookup} LIMIT {cap})"  # noqa: S608
            f" AS probe{number}"
        )
        params += values
    if sample is not None:
        parts.append("SELECT -1, CASE WHEN dense THEN 1 ELSE 0 END, NULL FROM sample")
    with connection.cursor() as cursor:
        cursor.execute(prefix + " UNION ALL ".join(parts), params)
        found = {number: (count, listed) for number, count, listed in cursor.fetchall()}
    dense = found.pop(-1, (0, ""))[0] == 1
    return found, dense


def _in_ids(listed: str, vendor: str) -> Q:
    """The sites whose ids are `listed` (comma-separated), as one parameter: a list of
    Django's would cost a parameter (and its handling) an id."""
    if vendor == "postgresql":
        sql, param = "site_registry_site.id = ANY(string_to_array(%s, ',')::bigint[])", listed
    else:
        sql = "site_registry_site.id IN (SELECT value FROM json_each(%s))"
        param = "[" + listed + "]"
    return Q(RawSQL(sql, [param], output_field=BooleanField()))  # noqa: S611 - constant SQL


def _in_subquery(sql: str, params: list, vendor: str) -> Q:
    if vendor == "postgresql":
        # = ANY(ARRAY(...)): the matching ids gathered once, then read by primary key. As
        # IN (...), the planner may walk the list's order hoping to meet them early, which
        # for ten thousand ids bunched in one range of codes read half the table (1.5 s).
        return Q(
            RawSQL(  # noqa: S611 - constant SQL, values as parameters
                f"site_registry_site.id = ANY(ARRAY({sql}))", params, output_field=BooleanField()
            )
        )
    return Q(pk__in=RawSQL(sql, params))  # noqa: S611 - as above


# Prefix lookups, each on its own index. PostgreSQL: LIKE on a varchar_pattern_ops index (the
# credit code's from 0003, Django's *_like ones on the unique columns). SQLite's LIKE is blind to
# case and so cannot use a binary index: a range can.
PREFIX_SQL = {
    "postgresql": (
        "SELECT id FROM site_registry_site WHERE credit_code LIKE %s",
        "SELECT site_id AS id FROM site_registry_licence WHERE number LIKE %s",
    ),
    "sqlite": (
        "SELECT id FROM site_registry_site WHERE credit_code >= %s AND credit_code < %s",
        "SELECT site_id AS id FROM site_registry_licence WHERE number >= %s AND number < %s",
    ),
}


def _identifier_lookups(text: str) -> list[tuple[str, list]]:
    """Site ids by site code, credit code and licence number: exact, and prefix for things
    that look like codes. Each is one index lookup, giving the column `id`."""
    lookups = [
        ("SELECT id FROM site_registry_site WHERE code = %s", [text.upper()]),
        ("SELECT site_id AS id FROM site_registry_licence WHERE number = %s", [text]),
    ]
    if IDENTIFIER.match(text) and len(text) >= 2:
        credit_sql, licence_sql = PREFIX_SQL.get(connection.vendor, PREFIX_SQL["sqlite"])
        lookups.append((credit_sql, _prefix_params(text.upper())))
        lookups.append((licence_sql, _prefix_params(text.upper())))
        if text != text.upper():  # a licence number as typed, too
            lookups.append((licence_sql, _prefix_params(text)))
    return lookups


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


def _text_lookup(text: str, vendor: str) -> tuple[str, list] | None:
    """The lookup of the site ids whose text contains `text`, on the text index."""
    if vendor == "sqlite":
        if len(text) >= 3:
            return (
                "SELECT rowid AS id FROM site_registry_site_fts"
                " WHERE site_registry_site_fts MATCH %s",
                [_phrase(text)],
            )
        # Every character of the text starts a trigram: the texts holding the trigrams that
        # start with the query are the texts that contain it.
        low = text.lower()
        return (
            "SELECT DISTINCT doc AS id FROM site_registry_site_fts_instances"
            " WHERE term >= %s AND term <= %s",
            [low, low + LAST],
        )
    if vendor == "postgresql":
        if len(text) >= 3:
            return (
                "SELECT id FROM site_registry_site WHERE search_text ILIKE %s",
                ["%" + _like_escape(text) + "%"],
            )
        return (
            "SELECT id FROM site_registry_site"
            " WHERE zz_site_grams(search_text) @> ARRAY[%s]::text[]",
            [text.lower()],
        )
    return None  # pragma: no cover - another database
