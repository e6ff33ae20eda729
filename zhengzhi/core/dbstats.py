from django.db import connection


def refresh_statistics() -> None:
    """ANALYZE on SQLite (cheap: `PRAGMA optimize` only re-analyses tables that changed)."""
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA optimize=0x10002")
