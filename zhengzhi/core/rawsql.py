"""Hand-written SELECTs for hot paths whose ORM query costs more to build than to run (a unit's
dispatch sheet: five small queries, each ~0.3 ms to compile against ~0.2 ms to run), with the
values passed through the same converters the ORM would run, so a date is a date and a decimal
a Decimal on SQLite as on PostgreSQL.

Column and table names come from the models' meta (quoted), values only as placeholders.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db import connections
from django.db.models import Model

# (alias, model, field names) -> per column: (converters, expression) or None
_CONVERTERS: dict[tuple, tuple] = {}


def col(model: type[Model], name: str, alias: str, connection) -> str:
    """`alias`.`column` of the model's field, quoted."""
    qn = connection.ops.quote_name
    return f"{qn(alias)}.{qn(model._meta.get_field(name).column)}"


def table(model: type[Model], connection) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _converters(connection, columns: Sequence[tuple[type[Model], str] | None]) -> tuple:
    key = (connection.alias, tuple(columns))
    if key not in _CONVERTERS:
        out = []
        for column in columns:
            if column is None:
                out.append(None)
                continue
            model, name = column
            expression = model._meta.get_field(name).get_col(model._meta.db_table)
            convs = tuple(
                connection.ops.get_db_converters(expression)
                + expression.get_db_converters(connection)
            )
            out.append((convs, expression) if convs else None)
        _CONVERTERS[key] = tuple(out)
    return _CONVERTERS[key]


def fetch(
    sql: str,
    params: Sequence,
    columns: Sequence[tuple[type[Model], str] | None],
    *,
    using: str = "default",
) -> list[tuple]:
    """The rows of `sql`, each value converted as the ORM converts the model field named for its
    column in `columns` ((model, field name), or None for a value taken as the driver gives it:
    ids, text)."""
    connection = connections[using]
    converters = _converters(connection, columns)
    todo = [(i, c) for i, c in enumerate(converters) if c is not None]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    if not todo:
        return rows
    out = []
    for row in rows:
        row = list(row)
        for i, (convs, expression) in todo:
            value = row[i]
            for convert in convs:
                value = convert(value, expression, connection)
            row[i] = value
        out.append(tuple(row))
    return out
