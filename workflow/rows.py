"""The reads of `engine.perform` (DESIGN §5), hand-written: the locking read and the lists its guards read.

Every state change starts by locking the dossier row and reading, in the same statement, the yes/no
questions its checks ask; submit and forward also read the nominations (with their award types) and the
documents. Building these statements with the ORM, and prefetching, costs several times their round trips
(bench/transitions.py), so each is written here once per shape and its rows are turned into model
instances as the ORM would (each field's database converters, then `Model.from_db`). Lists are attached as
the ORM's prefetch attaches them, so `dossier.nominations.all()` reads them without a query.
"""

import functools

from django.db import connection

from dossiers.models import Attachment, AwardType, Campaign, Complaint, Dossier, Nomination, Person
from workflow import statements
from workflow.models import AuditEvent, AuditStreamHead


@functools.cache
def _converters(model, vendor: str) -> list[tuple[int, list]]:
    """(column index, converters) of the model's concrete fields that need converting on this database."""
    found = []
    for index, field in enumerate(model._meta.concrete_fields):
        column = field.get_col(model._meta.db_table)
        converters = connection.ops.get_db_converters(column) + column.get_db_converters(connection)
        if converters:
            found.append((index, [(converter, column) for converter in converters]))
    return found


def instance(model, values: list):
    """A model instance from a row of all its concrete fields, in order (`columns`), converted as the ORM would."""
    db = statements.database()
    for index, converters in _converters(model, db.vendor):
        for converter, column in converters:
            values[index] = converter(values[index], column, db)
    return model.from_db(db.alias, None, values)


def _split(row, *models) -> list:
    """Cut a row into one instance per model (None for a model whose columns are all NULL: an outer join)."""
    instances, start = [], 0
    for model in models:
        width = len(model._meta.concrete_fields)
        values = list(row[start:start + width])
        instances.append(None if values[0] is None else instance(model, values))
        start += width
    return [*instances, *row[start:]]


def columns(model, alias: str) -> str:
    """The model's concrete columns, in field order, prefixed by the table alias."""
    quote = connection.ops.quote_name
    return ", ".join(f"{alias}.{quote(f.column)}" for f in model._meta.concrete_fields)


@functools.cache
def _lock_sql(vendor: str, flags: tuple[str, ...], lists: tuple[str, ...], with_campaign: bool, with_head: bool) -> str:
    quote = connection.ops.quote_name
    selected = [columns(Dossier, "d")]
    tables = f"{quote(Dossier._meta.db_table)} d"
    if with_campaign:
        selected.append(columns(Campaign, "c"))
        tables += f" INNER JOIN {quote(Campaign._meta.db_table)} c ON c.{quote('id')} = d.{quote('campaign_id')}"
    selected.extend(f"EXISTS ({condition})" for condition in flags)
    selected.extend(f"ARRAY({query})" for query in lists)
    if with_head:
        selected.append(f"h.{quote('last_seq')}, h.{quote('last_hash')}")
        tables += f" INNER JOIN {quote(AuditStreamHead._meta.db_table)} h ON h.{quote('stream')} = %s"
    sql = f"SELECT {', '.join(selected)} FROM {tables} WHERE d.{quote('id')} = %s"
    if connection.features.has_select_for_update_of:
        # Not the campaign row: it is every dossier's of the round. The head after the dossier, as every
        # writer of a dossier's stream that locks the dossier does (dossiers.services).
        sql += " FOR UPDATE OF d, h" if with_head else " FOR UPDATE OF d"
    elif connection.features.has_select_for_update:
        sql += " FOR UPDATE"
    return sql


def lock_dossier(
    dossier_id: int,
    flags: dict[str, tuple[str, list]],
    with_campaign: bool,
    head_of: str | None = None,
    lists: dict[str, tuple[str, list]] | None = None,
) -> Dossier:
    """Lock the dossier row and load it, its campaign if asked, and each flag: name -> (SQL condition, params)
    of an EXISTS; the conditions may name the dossier as `d`. Raise Dossier.DoesNotExist if it is gone.

    `head_of`: an audit stream whose head to lock too, after the dossier and in the same round trip; its
    last seq and hash are then in `dossier._audit_head` (for `audit.append(head=…)`), else that is None.
    `lists` (PostgreSQL only): name -> (a query of one column, params), each read as ARRAY(query) into a list.
    """
    lists = lists or {}
    sql = _lock_sql(
        connection.vendor,
        tuple(condition for condition, _params in flags.values()),
        tuple(query for query, _params in lists.values()),
        with_campaign,
        bool(head_of),
    )
    params = [p for _sql, part_params in [*flags.values(), *lists.values()] for p in part_params]
    with connection.cursor() as cursor:
        statements.execute(cursor, sql, [*params, *([head_of] if head_of else []), dossier_id])
        row = cursor.fetchone()
    if row is None:
        if head_of:  # a stream with no head yet: lock the dossier alone, audit.append makes the head
            return lock_dossier(dossier_id, flags, with_campaign, lists=lists)
        raise Dossier.DoesNotExist("Dossier matching query does not exist.")
    dossier, *rest = _split(row, Dossier, *([Campaign] if with_campaign else []))
    if with_campaign:
        dossier.campaign, *rest = rest
    for name, value in zip(flags, rest[: len(flags)], strict=True):
        setattr(dossier, name, bool(value))
    rest = rest[len(flags) :]
    for name, value in zip(lists, rest[: len(lists)], strict=True):
        setattr(dossier, name, value)
    dossier._audit_head = tuple(rest[len(lists) :]) if head_of else None
    return dossier


def _attach(dossier: Dossier, name: str, instances: list) -> None:
    """Give `dossier.<name>.all()` these rows, as Django's prefetch_related does."""
    queryset = getattr(dossier, name).get_queryset()
    queryset._result_cache, queryset._prefetch_done = instances, True
    dossier.__dict__.setdefault("_prefetched_objects_cache", {})[name] = queryset


@functools.cache
def _nominations_sql(vendor: str, with_person: bool, with_membership: bool) -> str:
    quote = connection.ops.quote_name
    selected = [columns(Nomination, "n"), columns(AwardType, "a")]
    tables = (
        f"{quote(Nomination._meta.db_table)} n INNER JOIN {quote(AwardType._meta.db_table)} a "
        f"ON a.{quote('id')} = n.{quote('award_type_id')}"
    )
    if with_person:
        selected.append(columns(Person, "p"))
        tables += f" LEFT OUTER JOIN {quote(Person._meta.db_table)} p ON p.{quote('id')} = n.{quote('person_id')}"
    if with_membership:
        through = Campaign.award_types.through._meta
        selected.append(
            f"EXISTS (SELECT 1 FROM {quote(through.db_table)} x WHERE x.{quote('campaign_id')} = %s "
            f"AND x.{quote('awardtype_id')} = n.{quote('award_type_id')})"
        )
    # Nomination's ordering (dossier, pk) within one dossier: guard messages name nominees in this order.
    return f"SELECT {', '.join(selected)} FROM {tables} WHERE n.{quote('dossier_id')} = %s ORDER BY n.{quote('id')}"


def load_nominations(dossier: Dossier, *, with_person: bool, with_membership: bool) -> None:
    """The dossier's nominations with their award types (and persons); `with_membership` sets `_in_campaign`:
    whether the award type is one of the dossier's campaign's."""
    params = [dossier.campaign_id] if with_membership else []
    with connection.cursor() as cursor:
        statements.execute(
            cursor, _nominations_sql(connection.vendor, with_person, with_membership), [*params, dossier.pk]
        )
        found = cursor.fetchall()
    models = (Nomination, AwardType, Person) if with_person else (Nomination, AwardType)
    nominations = []
    for row in found:
        nomination, award_type, *rest = _split(row, *models)
        nomination.award_type = award_type
        if with_person:
            person, *rest = rest
            nomination.person = person
        if with_membership:
            nomination._in_campaign = bool(rest[0])
        nominations.append(nomination)
    _attach(dossier, "nominations", nominations)


@functools.cache
def _attachments_sql(vendor: str) -> str:
    quote = connection.ops.quote_name
    table = quote(Attachment._meta.db_table)
    superseded = f"EXISTS (SELECT 1 FROM {table} x WHERE x.{quote('supersedes_id')} = t.{quote('id')})"
    # Attachment's ordering (kind, pk).
    return (
        f"SELECT {columns(Attachment, 't')}, {superseded} FROM {table} t WHERE t.{quote('dossier_id')} = %s "
        f"ORDER BY t.{quote('kind')}, t.{quote('id')}"
    )


def load_attachments(dossier: Dossier) -> None:
    """The dossier's documents, each with `_superseded`: whether a newer version replaced it."""
    with connection.cursor() as cursor:
        statements.execute(cursor, _attachments_sql(connection.vendor), [dossier.pk])
        found = cursor.fetchall()
    attachments = []
    for row in found:
        attachment, superseded = _split(row, Attachment)
        attachment._superseded = bool(superseded)
        attachments.append(attachment)
    _attach(dossier, "attachments", attachments)


def event_exists(stream: str, action: str, actor_id: int) -> tuple[str, list]:
    """The flag "this actor took this action on the stream" (separation of duties)."""
    quote, table = connection.ops.quote_name, connection.ops.quote_name(AuditEvent._meta.db_table)
    condition = f"x.{quote('stream')} = %s AND x.{quote('action')} = %s AND x.{quote('actor_id')} = %s"
    return f"SELECT 1 FROM {table} x WHERE {condition}", [stream, action, actor_id]


def complaint_exists(status: str) -> tuple[str, list]:
    """The flag "the dossier has a complaint in this status"."""
    quote, table = connection.ops.quote_name, connection.ops.quote_name(Complaint._meta.db_table)
    condition = f"x.{quote('dossier_id')} = d.{quote('id')} AND x.{quote('status')} = %s"
    return f"SELECT 1 FROM {table} x WHERE {condition}", [status]
