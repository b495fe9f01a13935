"""Hand-written INSERT and UPDATE statements for the writes of `engine.perform` (DESIGN §5).

Every state change moves the dossier row and its task rows and appends one audit event. Building those
statements with the ORM costs several times their round trips (bench/transitions.py), and as plain
statements `audit.append` sends them with the event in one round trip on PostgreSQL. Values are
prepared by each model field, as the ORM would prepare them.
"""

import functools

from django.db import connection

from workflow import statements

Statement = tuple[str, list]


def _column(field) -> str:
    return connection.ops.quote_name(field.column)


def update(model, values: dict, **where) -> Statement:
    """UPDATE `model` SET `values` (field name: value) WHERE each field equals its value, or is among a tuple."""
    db = statements.database()
    among = {name: value if isinstance(value, tuple) else (value,) for name, value in where.items()}
    sql, set_fields, where_fields = _update_sql(
        model, tuple(values), tuple((name, len(v)) for name, v in among.items()), db.vendor
    )
    params = [f.get_db_prep_save(value, db) for f, value in zip(set_fields, values.values(), strict=True)]
    for field, options in zip(where_fields, among.values(), strict=True):
        params.extend(field.get_db_prep_value(v, db, prepared=False) for v in options)
    return sql, params


@functools.cache
def _update_sql(model, names: tuple, where: tuple, vendor: str) -> tuple[str, list, list]:
    meta = model._meta
    set_fields = [meta.get_field(name) for name in names]
    where_fields = [meta.get_field(name) for name, _count in where]
    sets = ", ".join(f"{_column(f)} = %s" for f in set_fields)
    conditions = " AND ".join(
        f"{_column(f)} IN ({', '.join(['%s'] * count)})" for f, (_name, count) in zip(where_fields, where, strict=True)
    )
    return f"UPDATE {connection.ops.quote_name(meta.db_table)} SET {sets} WHERE {conditions}", set_fields, where_fields


def insert(*instances) -> Statement:
    """INSERT new rows of one model (every concrete field but the automatic primary key), in one statement:
    their ids follow their order, which sub-statements of one PostgreSQL statement would not promise."""
    db = statements.database()
    sql, fields = _insert_sql(type(instances[0]), len(instances), db.vendor)
    return sql, [f.get_db_prep_save(f.pre_save(instance, True), db) for instance in instances for f in fields]


@functools.cache
def _insert_sql(model, count: int, vendor: str) -> tuple[str, list]:
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    table = connection.ops.quote_name(model._meta.db_table)
    columns = ", ".join(_column(f) for f in fields)
    row = f"({', '.join(['%s'] * len(fields))})"
    return f"INSERT INTO {table} ({columns}) VALUES {', '.join([row] * count)}", fields
