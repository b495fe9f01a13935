"""Run the engine's hand-written statements, prepared once per connection on PostgreSQL.

psycopg2 sends every statement as text, so PostgreSQL parses and plans it each time. For the few
statements every `engine.perform` runs (the locking read, the rights, the audit append, the next actors),
planning costs more server time than running them (bench/transitions.py). Here each such statement is
prepared the first time a connection runs it, in the same round trip as its first execution
(`PREPARE …; EXECUTE …`), and run with `EXECUTE` from then on. The number of queries a caller sees is
unchanged. Other databases run the statement as given.

What a connection has prepared is remembered with the connection: a new connection starts afresh. A
prepared statement outlives a rolled-back transaction (PREPARE is not transactional), so when the first
round trip fails nobody can tell whether its PREPARE took effect: that name is then never used again and
the next attempt prepares under a new one. If the session's statements were dropped behind our back
(DEALLOCATE ALL, DISCARD ALL), the statement that finds out fails once and every one is prepared again.
"""

import functools
import re
from dataclasses import dataclass

from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections

# Statement texts vary with list lengths (IN (…), rows inserted), so a long-lived connection could meet many:
# past this many it runs new ones unprepared rather than keep plans for ever.
MAX_PREPARED = 200
# PostgreSQL's "prepared statement does not exist": someone ran DEALLOCATE or DISCARD on the session.
_UNKNOWN_STATEMENT = "26000"
_PLACEHOLDER = re.compile(r"%[s%]")


@dataclass(frozen=True)
class _Shape:
    body: str  # the statement with $1, $2, … for its parameters
    arguments: str  # "" or " (%s, %s, …)": the EXECUTE's argument list, filled by the driver
    count: int


@functools.lru_cache(maxsize=512)
def _shape(sql: str) -> _Shape:
    count = 0

    def number(match):
        nonlocal count
        if match.group() == "%%":
            return "%"
        count += 1
        return f"${count}"

    body = _PLACEHOLDER.sub(number, sql)
    return _Shape(body, f" ({', '.join(['%s'] * count)})" if count else "", count)


class _Prepared:
    """The statements one database connection has prepared: SQL text -> name."""

    def __init__(self, raw_connection):
        self.raw_connection = raw_connection
        self.names: dict[str, str] = {}
        self.made = 0

    def new_name(self) -> str:
        self.made += 1
        return f"vd_{self.made}"


def _prepared_on(db) -> _Prepared:
    prepared = getattr(db, "_vinhdanh_prepared", None)
    if prepared is None or prepared.raw_connection is not db.connection:
        prepared = db._vinhdanh_prepared = _Prepared(db.connection)
    return prepared


def execute(cursor, sql: str, params=()) -> None:
    """cursor.execute(sql, params), with `sql`'s plan kept by the connection on PostgreSQL."""
    db = cursor.db
    if db.vendor != "postgresql":
        cursor.execute(sql, params)
        return
    prepared, shape = _prepared_on(db), _shape(sql)
    arguments = list(params) if shape.count else None
    name = prepared.names.get(sql)
    if name is not None:
        try:
            cursor.execute(f"EXECUTE {name}{shape.arguments}", arguments)
        except DatabaseError as error:
            if getattr(error.__cause__, "pgcode", None) == _UNKNOWN_STATEMENT:
                prepared.names.clear()  # DEALLOCATE ALL or DISCARD ALL: the others are gone too
            raise
        return
    if len(prepared.names) >= MAX_PREPARED:
        cursor.execute(sql, params)
        return
    name = prepared.new_name()
    prepare = f"PREPARE {name} AS {shape.body}"
    if shape.count:
        prepare = prepare.replace("%", "%%")  # the driver fills the EXECUTE's arguments in the same text
    # The line break ends a trailing "--" comment of the statement, which would swallow the EXECUTE.
    cursor.execute(f"{prepare}\n; EXECUTE {name}{shape.arguments}", arguments)
    prepared.names[sql] = name


def database():
    """The default database connection itself, not the `connection` proxy: each attribute read through the
    proxy finds the current thread's connection again, and preparing one row's values reads dozens."""
    return connections[DEFAULT_DB_ALIAS]
