"""Notifications (DESIGN §11): an in-app inbox row per recipient and an e-mail, never for a rolled-back change.

`notify` is called inside the writer's transaction. The inbox rows are written in that transaction, so
they appear when it commits and vanish with it when it rolls back; the e-mails are handed to Django's mail
backend by `transaction.on_commit`, so nobody is mailed about a change that did not happen. A mail server
that fails after the commit is logged and does not undo the committed work (`robust=True`).
"""

import functools
import logging
from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage, get_connection
from django.db import connection, transaction
from django.db.models import QuerySet
from django.utils import timezone, translation

from workflow import rows, statements, writes
from workflow.models import Notification

__all__ = ["inbox_of", "mark_read", "notify", "unread_count"]

logger = logging.getLogger(__name__)

SUBJECT_PREFIX = "[Vinh Danh] "


def site_language():
    """Write what others will read (notifications, e-mails, stored texts) in the site's language, not in
    the language the acting person chose for their own screens."""
    return translation.override(settings.LANGUAGE_CODE)


def _recipients(users) -> list:
    """Active users, each once, in a stable order; accepts users, ids, a queryset or a mix of them."""
    if users is None:
        return []
    if isinstance(users, QuerySet):
        return list(users.filter(is_active=True).order_by("pk").distinct())
    if not isinstance(users, Iterable):
        users = [users]
    objects, ids = {}, set()
    for user in users:
        if user is None:
            continue
        if isinstance(user, int):
            ids.add(user)
        elif getattr(user, "pk", None) is not None:
            objects[user.pk] = user
    missing = ids - objects.keys()
    if missing:
        objects.update(get_user_model().objects.in_bulk(sorted(missing)))
    return [objects[pk] for pk in sorted(objects) if objects[pk].is_active]


def absolute_url(url: str) -> str:
    """A link usable from an e-mail: the site address (SITE_URL) before a path of this site."""
    if not url or "://" in url:
        return url
    return settings.SITE_URL.rstrip("/") + url if settings.SITE_URL else url


def _send(messages: list[EmailMessage]) -> None:
    try:
        get_connection().send_messages(messages)
    except Exception:
        # The change is committed; a mail server that is down must not turn it into an error page.
        logger.exception("could not send %d notification e-mail(s)", len(messages))


def notify(users, subject: str, body: str, url: str = "", event=None) -> list[Notification]:
    """Tell `users` (the people who must act next) about something: inbox now, e-mail after commit.

    `event` is the audit event that caused the notification (an AuditEvent or its id), if any.
    Inactive users and duplicates are skipped. Returns the inbox rows written.
    """
    recipients = _recipients(users)
    if not recipients:
        return []
    event_id = getattr(event, "pk", event)
    subject = str(subject).strip()[:255]
    body = str(body)
    inbox = [Notification(recipient=u, subject=subject, body=body, url=url, event_id=event_id) for u in recipients]
    _insert(inbox)
    _mail_after_commit(recipients, subject, body, url)
    return inbox


def notify_holders(query: tuple[str, list], subject: str, body: str, url: str = "", event=None, excluding=None):
    """`notify` the users that `query` finds (every user column in field order, active users only, each once,
    ordered by id: `workitems.holders_query`), but `excluding`, finding them and writing their inbox rows in
    one statement (PostgreSQL: a data-modifying CTE). Returns the inbox rows written."""
    sql, params = query
    subject, body, event_id, now = str(subject).strip()[:255], str(body), getattr(event, "pk", event), timezone.now()
    with connection.cursor() as cursor:
        statements.execute(
            cursor,
            _holders_insert_sql(sql),
            [*params, subject, body, url, event_id, connection.ops.adapt_datetimefield_value(now), excluding],
        )
        found = cursor.fetchall()
    recipients, inbox = [], []
    for *user_columns, pk in found:
        user = rows.instance(get_user_model(), user_columns)
        notification = Notification(
            pk=pk, recipient=user, subject=subject, body=body, url=url, event_id=event_id, created_at=now
        )
        notification._state.adding, notification._state.db = False, connection.alias
        recipients.append(user)
        inbox.append(notification)
    _mail_after_commit(recipients, subject, body, url)
    return inbox


@functools.lru_cache(maxsize=64)
def _holders_insert_sql(select: str) -> str:
    quote, meta = connection.ops.quote_name, Notification._meta
    user_id = quote(get_user_model()._meta.pk.column)

    def column(name):
        return quote(meta.get_field(name).column)

    written = ", ".join(column(name) for name in ("recipient", "subject", "body", "url", "event_id", "created_at"))
    return (
        f"WITH h AS ({select}), n AS (INSERT INTO {quote(meta.db_table)} ({written}) "
        f"SELECT h.{user_id}, %s, %s, %s, %s, %s FROM h WHERE h.{user_id} IS DISTINCT FROM %s ORDER BY h.{user_id} "
        f"RETURNING {column('id')}, {column('recipient')}) "
        f"SELECT h.*, n.{column('id')} FROM h INNER JOIN n ON n.{column('recipient')} = h.{user_id} "
        f"ORDER BY h.{user_id}"
    )


def _mail_after_commit(recipients, subject: str, body: str, url: str) -> None:
    link = absolute_url(url)
    text = f"{body}\n\n{link}" if link else body
    # One message per person: recipients never see each other's addresses.
    messages = [
        EmailMessage(SUBJECT_PREFIX + subject, text, settings.DEFAULT_FROM_EMAIL, [u.email])
        for u in recipients
        if u.email
    ]
    if messages:
        transaction.on_commit(lambda: _send(messages))


def _insert(inbox: list[Notification]) -> None:
    """One INSERT for the inbox rows, as `bulk_create` would send, without its per-call cost (every step
    change tells someone: bench/transitions.py)."""
    sql, params = writes.insert(*inbox)
    with connection.cursor() as cursor:
        statements.execute(cursor, f"{sql} RETURNING {connection.ops.quote_name(Notification._meta.pk.column)}", params)
        ids = [row[0] for row in cursor.fetchall()]
    for notification, pk in zip(inbox, ids, strict=True):
        notification.pk = pk
        notification._state.adding, notification._state.db = False, connection.alias


def unread_count(user) -> int:
    if user is None or not getattr(user, "is_authenticated", False):
        return 0
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def inbox_of(user):
    """The user's own notifications, newest first."""
    return Notification.objects.filter(recipient=user).order_by("-created_at", "-pk")


def mark_read(user, pk: int | None = None):
    """Mark one of the user's notifications read (returns it, or None if not theirs), or all (returns the count).

    Reading is personal state, not a workflow fact: it is not audited."""
    unread = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if pk is None:
        return unread.update(read_at=timezone.now())
    unread.filter(pk=pk).update(read_at=timezone.now())
    return Notification.objects.filter(recipient=user, pk=pk).first()
