"""Casting a ballot, and recording an absent member's written opinion (DESIGN §8, DOMAIN §4.2)."""

import hashlib
import os
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from council.events import OBJECT_TYPE, Event
from council.models import (
    AgendaItem,
    Ballot,
    BallotMark,
    BallotReceipt,
    Choice,
    CouncilSession,
    OpenVote,
    SessionMember,
    SessionState,
    WrittenOpinion,
)
from council.services.common import insert_rows, lock, record, require, require_state
from council.services.sessions import NOT_SECRETARY
from dossiers.models import VoteMethod
from dossiers.uploads import EXTENSIONS, UnsupportedFile, detect
from roles.catalog import Perm
from roles.models import Role
from workflow import audit
from workflow.exceptions import ActionNotAllowed, Conflict, GuardFailed

ALREADY_VOTED = _("Đồng chí đã bỏ phiếu trong phiên họp này; mỗi thành viên chỉ bỏ phiếu một lần.")


def _read_scan(upload) -> bytes:
    """The scanned paper's bytes, within the attachment size limit of the project."""
    if upload is None:
        raise UnsupportedFile(_("Vui lòng đính kèm bản chụp (scan) ý kiến bằng văn bản."))
    limit = settings.ATTACHMENT_MAX_BYTES
    upload.seek(0)
    content = upload.read(limit + 1)
    if len(content) > limit:
        raise UnsupportedFile(_("Tệp quá lớn; dung lượng tối đa là %(mb)s MB.") % {"mb": limit // (1024 * 1024)})
    if not content:
        raise UnsupportedFile(_("Tệp rỗng, không có nội dung."))
    return content


@dataclass(frozen=True)
class Item:
    """What casting needs of an agenda item: plain values, read in one query (200 items: about 1 ms)."""

    pk: int
    recused_id: int | None
    vote_method: str
    chair_must_agree: bool
    absentee_opinions_allowed: bool
    nominee_name: str
    award_name: str

    @property
    def label(self) -> str:
        return f"{self.nominee_name} — {self.award_name}"


_ITEM_COLUMNS = ("pk", "recused_id", "vote_method", "chair_must_agree", "absentee_opinions_allowed",
                 "nomination__nominee_name", "nomination__award_type__name")


def agenda_items(session_id: int) -> list[Item]:
    rows = AgendaItem.objects.filter(session_id=session_id).order_by("position", "pk").values_list(*_ITEM_COLUMNS)
    return [Item(*row) for row in rows]


_CHOICES = frozenset(Choice.values)


def _checked(items: list[Item], choices: dict, voter_id: int, *, allowed=None) -> list[tuple]:
    """Pair each item the voter may mark with their choice; refuse a missing, unknown or recused mark.

    `allowed` narrows the items that take a mark (written opinions: the items whose rule allows them).
    """
    choices = {str(k): str(v).strip() for k, v in choices.items() if str(v).strip()}
    by_pk = {str(item.pk): item for item in items}
    reasons = []
    if not choices.keys() <= by_pk.keys():
        reasons.append(_("Phiếu có nội dung không thuộc chương trình phiên họp."))
    marks = []
    for key, item in by_pk.items():
        value = choices.get(key)
        takes_mark = item.recused_id != voter_id and (allowed is None or allowed(item))
        if not takes_mark:
            if value is not None:
                if item.recused_id == voter_id:
                    reasons.append(
                        _("Không được biểu quyết nội dung «%(item)s»: thành viên là người được đề nghị.")
                        % {"item": item.label}
                    )
                else:
                    reasons.append(
                        _("Quy định về «%(award)s» không tính ý kiến bằng văn bản của thành viên vắng mặt.")
                        % {"award": item.award_name}
                    )
            continue
        if value not in _CHOICES:
            reasons.append(_("Chưa chọn ý kiến đối với «%(item)s».") % {"item": item.label})
            continue
        marks.append((item, value))
    if reasons:
        raise GuardFailed(*dict.fromkeys(reasons))
    return marks


def _random_key() -> str:
    """A fresh random UUID as 32 hex digits: what Django stores on SQLite, and a uuid literal PostgreSQL
    takes as is (cheaper than the driver's UUID adapter, 100 times a ballot)."""
    return uuid.uuid4().hex


def _store(session_id: int, marks: list[tuple], member_id: int, *, is_chair: bool, ballot: bool) -> None:
    """Secret marks go in anonymously; open votes, and the Chair's mark where the rule needs the Chair's
    agreement, are named."""
    secret, named = [], []
    for item, choice in marks:
        if item.vote_method == VoteMethod.SECRET and not (is_chair and item.chair_must_agree):
            secret.append((_random_key(), item.pk, choice))
        else:
            named.append((item.pk, member_id, choice))
    if secret:
        if ballot:
            insert_rows(Ballot, ("id", "session_id"), [(_random_key(), session_id)])
        insert_rows(BallotMark, ("id", "item_id", "choice"), secret)
    if named:
        insert_rows(OpenVote, ("item_id", "member_id", "choice"), named)


def _voter(session_id: int, user_id: int):
    """The session, the user's seat in it and whether they have voted, in one query: (session, present,
    is_chair, voted), or (session, None, None, None) without a seat.

    The session row is read under a shared lock (PostgreSQL): ballots run side by side, closing (FOR
    UPDATE) waits for the ballots already in flight, and a ballot that starts after closing began reads the
    closed state. SQLite has no row locks: its write transactions (BEGIN IMMEDIATE, see settings) already
    run one at a time.
    """
    quote = connection.ops.quote_name
    session, member, receipt = (quote(m._meta.db_table) for m in (CouncilSession, SessionMember, BallotReceipt))
    sql = (
        f"SELECT s.state, s.number, s.year, m.id, m.present, m.is_chair, "
        f"EXISTS (SELECT 1 FROM {receipt} r WHERE r.session_id = s.id AND r.member_id = %s) "
        f"FROM {session} s LEFT JOIN {member} m ON m.session_id = s.id AND m.user_id = %s "
        f"WHERE s.id = %s"
    )
    if connection.vendor == "postgresql":
        sql += " FOR SHARE OF s"
    with connection.cursor() as cursor:
        cursor.execute(sql, [user_id, user_id, session_id])
        row = cursor.fetchone()
    if row is None:
        raise CouncilSession.DoesNotExist
    state, number, year, seat_id, present, is_chair, voted = row
    current = CouncilSession(pk=session_id, state=state, number=number, year=year)
    if seat_id is None:
        return current, None, None, None
    return current, bool(present), bool(is_chair), bool(voted)


def ballot_cast(*, session: CouncilSession, actor, choices: dict) -> BallotReceipt:
    """Cast a present member's one ballot for the whole agenda: receipt, marks and audit in one transaction.

    The unique receipt per (session, member) is the guard against a second ballot, also from a parallel
    request: the second insert waits for the first to commit, then fails, and its marks roll back with it.
    Reads and writes are kept to what the rules need (about ten statements for 200 marks): fifty members
    voting at once share two cores.
    """
    try:
        with transaction.atomic():
            current, present, is_chair, voted = _voter(session.pk, actor.pk)
            if present is None:
                raise ActionNotAllowed(_("Đồng chí không phải thành viên Hội đồng của phiên họp này."))
            require_state(current, SessionState.OPEN)
            if not present:
                raise ActionNotAllowed(
                    _("Đồng chí được ghi nhận vắng mặt ở phiên họp này nên không bỏ phiếu trực tiếp; "
                      "ý kiến bằng văn bản (nếu quy định cho phép) do Thư ký Hội đồng ghi nhận.")
                )
            if voted:
                raise Conflict(ALREADY_VOTED)
            marks = _checked(agenda_items(current.pk), choices, actor.pk)
            receipt = BallotReceipt.objects.create(session_id=current.pk, member=actor, cast_at=timezone.now())
            _store(current.pk, marks, actor.pk, is_chair=is_chair, ballot=True)
            # The voter's own stream: fifty members voting at once do not queue on one chain head.
            audit.append(
                stream=f"user:{actor.pk}",
                action=Event.BALLOT_CAST,
                actor=actor,
                role=Role.COUNCIL_MEMBER,
                object_type=OBJECT_TYPE,
                object_id=current.pk,
                data={"session": current.label},
            )
    except IntegrityError as exc:
        raise Conflict(ALREADY_VOTED) from exc
    return receipt


@transaction.atomic
def written_opinion_record(
    *, session: CouncilSession, actor, member_id: int, choices: dict, upload, received_on, expected_version=None
) -> WrittenOpinion:
    """Record an absent member's written opinion with the scanned paper, before closing, where the rule
    of an item allows it (e.g. NĐ 98/2023 Điều 30 khoản 7 carried over for CSTĐ cơ sở)."""
    locked = lock(session, expected_version)
    role = require(actor, locked.commune_id, Perm.MANAGE_COUNCIL, NOT_SECRETARY)
    require_state(locked, SessionState.OPEN)
    seat = locked.members.filter(user_id=member_id).select_related("user").first()
    if seat is None:
        raise GuardFailed(_("Người gửi ý kiến không phải thành viên Hội đồng của phiên họp này."))
    if seat.present:
        raise GuardFailed(_("Thành viên có mặt bỏ phiếu tại phiên họp, không gửi ý kiến bằng văn bản."))
    if locked.written_opinions.filter(member_id=member_id).exists():
        raise Conflict(_("Đã ghi nhận ý kiến bằng văn bản của thành viên này."))
    items = agenda_items(locked.pk)
    if not any(item.absentee_opinions_allowed for item in items):
        raise GuardFailed(_("Không nội dung nào của phiên họp cho phép ý kiến bằng văn bản của người vắng mặt."))
    marks = _checked(items, choices, member_id, allowed=lambda item: item.absentee_opinions_allowed)
    content = _read_scan(upload)
    content_type = detect(ContentFile(content))
    digest = hashlib.sha256(content).hexdigest()
    opinion = WrittenOpinion(
        session=locked, member=seat.user, received_on=received_on,
        original_name=os.path.basename(getattr(upload, "name", "") or "y-kien")[:200], sha256=digest,
        size=len(content), content_type=content_type, recorded_by=actor, recorded_at=timezone.now(),
    )
    opinion.file.save(f"{digest[:16]}{EXTENSIONS[content_type]}", ContentFile(content), save=False)
    try:
        opinion.save()
        _store(locked.pk, marks, seat.user_id, is_chair=seat.is_chair, ballot=False)
        locked.version += 1
        locked.save(update_fields=["version"])
        record(locked, Event.WRITTEN_OPINION_RECORDED, actor, role, {
            "member": seat.user.get_username(), "received_on": received_on, "sha256": digest,
            "size": len(content), "content_type": content_type,
        })
    except BaseException:
        opinion.file.storage.delete(opinion.file.name)  # no row will point at it
        raise
    return opinion
