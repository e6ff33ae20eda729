"""The text search's indexes (see zhengzhi/sites/search.py for how they are queried).

SQLite: a contentless FTS5 table with the trigram tokenizer over Site.search_text, kept in step
by triggers, and its vocabulary (fts5vocab) for one- and two-character queries. The indexed
text is search_text followed by two spaces, so that every character of it starts a trigram
(the short queries look trigrams up by prefix). A contentless table must be told the old text
to delete a row: the triggers give it the same expression.

PostgreSQL: pg_trgm's GIN index on search_text for queries of three characters or more; a GIN
index on the set of one- and two-character grams of the text (zz_site_grams, lower-cased) for
the shorter ones, which trigrams cannot serve; a pattern index on the credit code for prefix
queries (Site.code and Licence.number have Django's own *_like indexes).
"""

from django.db import migrations

SQLITE_FORWARD = [
    "CREATE VIRTUAL TABLE site_registry_site_fts USING fts5(search_text, content='', tokenize='trigram')",
    "CREATE VIRTUAL TABLE site_registry_site_fts_terms USING fts5vocab(site_registry_site_fts, 'row')",
    "INSERT INTO site_registry_site_fts(rowid, search_text) SELECT id, search_text || '  ' FROM site_registry_site",
    """CREATE TRIGGER site_registry_site_fts_ai AFTER INSERT ON site_registry_site BEGIN
        INSERT INTO site_registry_site_fts(rowid, search_text) VALUES (new.id, new.search_text || '  ');
    END""",
    """CREATE TRIGGER site_registry_site_fts_ad AFTER DELETE ON site_registry_site BEGIN
        INSERT INTO site_registry_site_fts(site_registry_site_fts, rowid, search_text)
            VALUES ('delete', old.id, old.search_text || '  ');
    END""",
    """CREATE TRIGGER site_registry_site_fts_au AFTER UPDATE OF search_text ON site_registry_site
    WHEN old.search_text IS NOT new.search_text BEGIN
        INSERT INTO site_registry_site_fts(site_registry_site_fts, rowid, search_text)
            VALUES ('delete', old.id, old.search_text || '  ');
        INSERT INTO site_registry_site_fts(rowid, search_text) VALUES (new.id, new.search_text || '  ');
    END""",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS site_registry_site_fts_au",
    "DROP TRIGGER IF EXISTS site_registry_site_fts_ad",
    "DROP TRIGGER IF EXISTS site_registry_site_fts_ai",
    "DROP TABLE IF EXISTS site_registry_site_fts_terms",
    "DROP TABLE IF EXISTS site_registry_site_fts",
]

POSTGRES_FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    # Every one- and two-character gram of the text, lower-cased, without spaces.
    """CREATE OR REPLACE FUNCTION zz_site_grams(t text) RETURNS text[]
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
        SELECT coalesce(array_agg(DISTINCT g), '{}') FROM (
            SELECT substr(lower(t), i, 1) AS g FROM generate_series(1, length(t)) AS i
            UNION ALL
            SELECT substr(lower(t), i, 2) FROM generate_series(1, length(t) - 1) AS i
        ) s WHERE position(' ' in g) = 0
    $$""",
    "CREATE INDEX site_search_trgm ON site_registry_site USING gin (search_text gin_trgm_ops)",
    "CREATE INDEX site_search_grams ON site_registry_site USING gin (zz_site_grams(search_text))",
    "CREATE INDEX site_credit_code_like ON site_registry_site (credit_code varchar_pattern_ops)",
]
POSTGRES_BACKWARD = [
    "DROP INDEX IF EXISTS site_credit_code_like",
    "DROP INDEX IF EXISTS site_search_grams",
    "DROP INDEX IF EXISTS site_search_trgm",
    "DROP FUNCTION IF EXISTS zz_site_grams(text)",
]


def forward(apps, schema_editor):
    _run(schema_editor, SQLITE_FORWARD, POSTGRES_FORWARD)


def backward(apps, schema_editor):
    _run(schema_editor, SQLITE_BACKWARD, POSTGRES_BACKWARD)


def _run(schema_editor, sqlite: list[str], postgres: list[str]) -> None:
    vendor = schema_editor.connection.vendor
    statements = sqlite if vendor == "sqlite" else postgres if vendor == "postgresql" else []
    for sql in statements:
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("site_registry", "0002_shipped_kinds")]

    operations = [migrations.RunPython(forward, backward, elidable=False)]
