from django.db import connection


def refresh_statistics() -> None:
    """ANALYZE on SQLite (cheap: `PRAGMA optimize` only re-analyses tables that changed)."""
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA optimize=0x10002")


def analyze_rebuilt_tables(using: str = "default", **_kwargs) -> list[str]:
    """After `migrate` on SQLite: a migration that rebuilds a table (adding a foreign key, say)
    drops its planner statistics, and until the hourly `PRAGMA optimize` sees it, list pages on
    a large ledger can run 10x slower. Tables that hold rows but have no statistics while
    others do are analysed again. A new database has no statistics at all and is left alone."""
    from django.db import connections

    conn = connections[using]
    if conn.vendor != "sqlite":
        return []
    with conn.cursor() as cursor:
        cursor.execute("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'")
        if cursor.fetchone() is None:
            return []
        cursor.execute("SELECT DISTINCT tbl FROM sqlite_stat1")
        known = {row[0] for row in cursor.fetchall()}
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
        tables = [row[0] for row in cursor.fetchall() if row[0] not in known]
        done = []
        for table in tables:
            quoted = conn.ops.quote_name(table)
            cursor.execute(f"SELECT 1 FROM {quoted} LIMIT 1")  # noqa: S608 (a table's own name)
            if cursor.fetchone() is not None:
                cursor.execute(f"ANALYZE {quoted}")
                done.append(table)
    return done
