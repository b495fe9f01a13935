"""What the council services share: the right check, the session lock and the session's audit stream."""

from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _

from council.events import OBJECT_TYPE
from council.models import CouncilSession, SessionState
from workflow import audit, authority
from workflow.exceptions import ActionNotAllowed, Conflict, GuardFailed


def require(actor, commune_id: int, permission: str, message: str) -> str:
    """The role by which `actor` holds `permission` on the commune today, or ActionNotAllowed(message)."""
    power = authority.resolve(actor, [commune_id], timezone.localdate())
    if not power.has(commune_id, permission):
        raise ActionNotAllowed(message)
    return power.role_for(commune_id, permission)


def lock(session: CouncilSession, expected_version=None) -> CouncilSession:
    """Lock the session row for a change of the session itself; refuse a stale form."""
    locked = CouncilSession.objects.select_for_update().select_related("commune").get(pk=session.pk)
    if expected_version not in (None, "") and int(expected_version) != locked.version:
        raise Conflict(_("Phiên họp vừa được người khác thay đổi. Vui lòng tải lại trang rồi thao tác lại."))
    return locked


def share_lock(session_id: int) -> CouncilSession:
    """Read the session under a shared row lock: ballots run side by side, closing (FOR UPDATE) waits for
    the ballots already in flight, and a ballot that starts after closing began reads the closed state.

    SQLite has no row locks: its write transactions (BEGIN IMMEDIATE, see settings) already run one at a time.
    """
    if connection.vendor == "postgresql":
        table = connection.ops.quote_name(CouncilSession._meta.db_table)
        rows = list(CouncilSession.objects.raw(f"SELECT * FROM {table} WHERE id = %s FOR SHARE", [session_id]))
        if not rows:
            raise CouncilSession.DoesNotExist
        return rows[0]
    return CouncilSession.objects.get(pk=session_id)


def require_state(session: CouncilSession, *states: str) -> None:
    if session.state in states:
        return
    messages = {
        SessionState.DRAFT: _("Phiên họp chưa mở biểu quyết."),
        SessionState.OPEN: _("Phiên họp đang biểu quyết: không thể thay đổi chương trình, điểm danh."),
        SessionState.CLOSED: _("Phiên họp đã kết thúc: không thể thay đổi hay biểu quyết thêm."),
    }
    raise GuardFailed(messages[session.state])


def record(session: CouncilSession, action: str, actor, role: str, data: dict, **extra):
    """Append an event to the session's stream, inside the caller's transaction."""
    return audit.append(
        stream=session.audit_stream,
        action=action,
        actor=actor,
        role=role,
        object_type=OBJECT_TYPE,
        object_id=session.pk,
        data=data,
        **extra,
    )


def bump(session: CouncilSession, *fields: str) -> None:
    session.version += 1
    session.save(update_fields=["version", *fields])
