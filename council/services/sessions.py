"""Preparing and opening a council session: create, agenda, attendance, open (DESIGN §8)."""

from datetime import date

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from council import membership
from council.events import Event
from council.models import AgendaItem, CouncilSession, SessionMember, SessionState
from council.rules import quorum_needed
from council.services.common import bump, lock, record, require, require_state
from dossiers.models import Dossier, DossierState
from roles.catalog import Perm
from roles.models import Organization, OrganizationKind
from workflow import guards, notifications
from workflow.exceptions import Conflict, GuardFailed

NOT_SECRETARY = _("Chỉ Thư ký Hội đồng Thi đua - Khen thưởng của xã mới được chuẩn bị, mở và kết thúc phiên họp.")


@transaction.atomic
def session_create(*, actor, commune: Organization, title: str, meeting_date: date, place: str) -> CouncilSession:
    """Open a draft session of the commune's council, numbered in the commune's series of the year."""
    if commune.kind != OrganizationKind.COMMUNE:
        raise GuardFailed(_("Phiên họp Hội đồng phải thuộc một xã."))
    role = require(actor, commune.pk, Perm.MANAGE_COUNCIL, NOT_SECRETARY)
    title, place = title.strip(), place.strip()
    if not title:
        raise GuardFailed(_("Vui lòng nhập tên phiên họp."))
    if not place:
        raise GuardFailed(_("Vui lòng nhập địa điểm họp."))
    year = meeting_date.year
    last = CouncilSession.objects.filter(commune=commune, year=year).aggregate(last=Max("number"))["last"] or 0
    try:
        with transaction.atomic():
            session = CouncilSession.objects.create(
                commune=commune, year=year, number=last + 1, title=title, meeting_date=meeting_date, place=place,
                created_by=actor,
            )
    except IntegrityError as exc:  # another secretary took the same number at the same moment
        raise Conflict(_("Vừa có phiên họp khác được lập cùng lúc. Vui lòng thử lại.")) from exc
    _sync_members(session, timezone.localdate())
    record(session, Event.SESSION_CREATED, actor, role,
           {"title": title, "number": session.label, "meeting_date": meeting_date, "place": place})
    return session


def _sync_members(session: CouncilSession, day: date) -> list[SessionMember]:
    """Make the session's member rows the council of `day`: leavers go, newcomers come in as absent."""
    seats = {seat.user.pk: seat for seat in membership.council_of(session.commune, day)}
    rows = {row.user_id: row for row in session.members.all()}
    gone = [user_id for user_id in rows if user_id not in seats]
    if gone:
        session.members.filter(user_id__in=gone).delete()
    new = []
    for user_id, seat in seats.items():
        row = rows.get(user_id)
        if row is None:
            new.append(SessionMember(session=session, user=seat.user, full_name=seat.full_name,
                                     position=seat.position, is_chair=seat.is_chair))
        elif (row.full_name, row.position, row.is_chair) != (seat.full_name, seat.position, seat.is_chair):
            row.full_name, row.position, row.is_chair = seat.full_name, seat.position, seat.is_chair
            row.save(update_fields=["full_name", "position", "is_chair"])
    SessionMember.objects.bulk_create(new)
    return list(session.members.select_related("user").order_by("-is_chair", "full_name", "pk"))


@transaction.atomic
def agenda_add(*, session: CouncilSession, actor, dossier: Dossier, expected_version=None) -> list[AgendaItem]:
    """Put every nominee of a dossier waiting for the council, and whose award needs a vote, on the agenda."""
    locked = lock(session, expected_version)
    role = require(actor, locked.commune_id, Perm.MANAGE_COUNCIL, NOT_SECRETARY)
    require_state(locked, SessionState.DRAFT)
    # The dossier row lock makes two secretaries placing one dossier on two sessions queue up.
    dossier = Dossier.objects.select_for_update(of=("self",)).get(pk=dossier.pk)
    if dossier.commune_id != locked.commune_id:
        raise GuardFailed(_("Hồ sơ không thuộc xã của phiên họp."))
    if dossier.state != DossierState.COUNCIL:
        raise GuardFailed(
            _("Chỉ đưa vào chương trình hồ sơ đang «%(council)s»; hồ sơ này đang «%(state)s».")
            % {"council": DossierState.COUNCIL.label, "state": DossierState(dossier.state).label}
        )
    pending = AgendaItem.objects.filter(dossier=dossier, session__state__in=[SessionState.DRAFT, SessionState.OPEN])
    other = pending.select_related("session").first()
    if other is not None:
        raise GuardFailed(
            _("Hồ sơ đã có trong chương trình phiên họp «%(title)s» (số %(number)s).")
            % {"title": other.session.title, "number": other.session.label}
        )
    nominations = guards.awaiting_vote(dossier)
    if not nominations:
        raise GuardFailed(_("Hồ sơ không còn đề nghị nào cần Hội đồng biểu quyết."))
    start = locked.agenda.aggregate(last=Max("position"))["last"] or 0
    items = AgendaItem.objects.bulk_create(
        [AgendaItem(session=locked, dossier=dossier, nomination=n, position=start + i)
         for i, n in enumerate(sorted(nominations, key=lambda n: n.pk), start=1)]
    )
    bump(locked)
    record(locked, Event.AGENDA_ADDED, actor, role,
           {"dossier": dossier.pk, "nominations": {str(n.pk): n.nominee_name for n in nominations}})
    return items


@transaction.atomic
def agenda_remove(*, session: CouncilSession, actor, dossier: Dossier, expected_version=None) -> None:
    """Take a dossier's nominees off a session still in preparation."""
    locked = lock(session, expected_version)
    role = require(actor, locked.commune_id, Perm.MANAGE_COUNCIL, NOT_SECRETARY)
    require_state(locked, SessionState.DRAFT)
    items = locked.agenda.filter(dossier_id=dossier.pk)
    if not items.exists():
        raise GuardFailed(_("Hồ sơ không có trong chương trình phiên họp."))
    items.delete()
    bump(locked)
    record(locked, Event.AGENDA_REMOVED, actor, role, {"dossier": dossier.pk})


@transaction.atomic
def attendance_record(*, session: CouncilSession, actor, present_user_ids, expected_version=None) -> list:
    """Record who is present among the council's members (the rest are absent)."""
    locked = lock(session, expected_version)
    role = require(actor, locked.commune_id, Perm.MANAGE_COUNCIL, NOT_SECRETARY)
    require_state(locked, SessionState.DRAFT)
    members = _sync_members(locked, timezone.localdate())
    wanted = {int(x) for x in present_user_ids}
    unknown = wanted - {m.user_id for m in members}
    if unknown:
        raise GuardFailed(_("Người được điểm danh không phải thành viên Hội đồng của xã."))
    changed = [m for m in members if m.present != (m.user_id in wanted)]
    for member in changed:
        member.present = member.user_id in wanted
    SessionMember.objects.bulk_update(changed, ["present"])
    bump(locked)
    record(locked, Event.ATTENDANCE_RECORDED, actor, role, {
        "present": sorted(m.user.get_username() for m in members if m.present),
        "absent": sorted(m.user.get_username() for m in members if not m.present),
    })
    return members


def _rules_by_award(items) -> dict:
    rules = {}
    for item in items:
        award = item.nomination.award_type
        rules.setdefault(award.pk, award)
    return rules


@transaction.atomic
def session_open(*, session: CouncilSession, actor, expected_version=None) -> CouncilSession:
    """Open the vote: snapshot the council, check the quorum of the strictest rule on the agenda, fix
    each item's rule and recusal, and tell the members present."""
    locked = lock(session, expected_version)
    role = require(actor, locked.commune_id, Perm.MANAGE_COUNCIL, NOT_SECRETARY)
    require_state(locked, SessionState.DRAFT)
    items = list(locked.agenda.select_related("dossier", "nomination__award_type", "nomination__person"))
    if not items:
        raise GuardFailed(_("Chương trình phiên họp chưa có hồ sơ nào."))
    reasons = []
    for dossier in {item.dossier_id: item.dossier for item in items}.values():
        if dossier.state != DossierState.COUNCIL:
            reasons.append(
                _("Hồ sơ «%(title)s» đang «%(state)s», không còn chờ Hội đồng xét: hãy rút khỏi chương trình.")
                % {"title": dossier.title, "state": DossierState(dossier.state).label}
            )
    members = _sync_members(locked, timezone.localdate())
    total, present = len(members), sum(1 for m in members if m.present)
    if not total:
        reasons.append(_("Hội đồng của xã chưa có thành viên nào."))
    awards = _rules_by_award(items)
    if total and awards:
        # The strictest rule on the agenda decides: the one that needs the most members present.
        award, needed = max(
            ((a, quorum_needed(total, a.quorum_numerator, a.quorum_denominator)) for a in awards.values()),
            key=lambda pair: (pair[1], pair[0].name),
        )
        if present < needed:
            reasons.append(
                _("Chưa đủ túc số: «%(award)s» cần ít nhất %(needed)s/%(total)s thành viên có mặt "
                  "(%(num)s/%(den)s); hiện có %(present)s.")
                % {"award": award.name, "needed": needed, "total": total, "num": award.quorum_numerator,
                   "den": award.quorum_denominator, "present": present}
            )
    chair = next((m for m in members if m.is_chair), None)
    if chair is None and any(a.chair_must_agree for a in awards.values()):
        reasons.append(_("Hội đồng chưa có Chủ tịch, mà có nội dung phải được Chủ tịch Hội đồng đồng ý."))
    if reasons:
        raise GuardFailed(*reasons)
    member_ids = {m.user_id for m in members}
    for item in items:
        award = item.nomination.award_type
        item.vote_method = award.vote_method
        item.quorum_numerator, item.quorum_denominator = award.quorum_numerator, award.quorum_denominator
        item.threshold_percent, item.threshold_base = award.threshold_percent, award.threshold_base
        item.absentee_opinions_allowed = award.absentee_opinions_allowed
        item.chair_must_agree = award.chair_must_agree
        person = item.nomination.person
        item.recused_id = person.user_id if person and person.user_id in member_ids else None
    AgendaItem.objects.bulk_update(items, [
        "vote_method", "quorum_numerator", "quorum_denominator", "threshold_percent", "threshold_base",
        "absentee_opinions_allowed", "chair_must_agree", "recused",
    ])
    locked.state = SessionState.OPEN
    locked.opened_at = timezone.now()
    locked.chair = chair.user if chair else None
    bump(locked, "state", "opened_at", "chair")
    event = record(locked, Event.SESSION_OPENED, actor, role, {
        "members": [m.user.get_username() for m in members],
        "present": [m.user.get_username() for m in members if m.present],
        "chair": chair.user.get_username() if chair else "",
        "nominations": [item.nomination_id for item in items],
    }, from_state=SessionState.DRAFT, to_state=SessionState.OPEN)
    with notifications.site_language():
        notifications.notify(
            [m.user for m in members if m.present],
            _("Mở biểu quyết: %(title)s") % {"title": locked.title},
            _("Phiên họp «%(title)s» đã mở biểu quyết với %(count)s nội dung. Mời đồng chí bỏ phiếu.")
            % {"title": locked.title, "count": len(items)},
            url=reverse("council_ballot", kwargs={"pk": locked.pk}),
            event=event,
        )
    return locked
