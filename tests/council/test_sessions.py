"""Preparing and opening a session (DESIGN §8; issue 4 item 1): the secretary creates it, puts
dossiers waiting for the council on its agenda, records attendance, and opens it only if the quorum of
the strictest rule on the agenda is met. Every refusal says why in Vietnamese and changes nothing."""

import pytest

from council import services
from council.models import AgendaItem, CouncilSession, SessionMember, SessionState
from dossiers.models import DossierState
from roles import services as role_services
from roles.models import Membership
from tests.council.conftest import MEETING_DAY
from tests.workflow import helpers
from workflow.exceptions import ActionNotAllowed, Conflict, GuardFailed
from workflow.models import AuditEvent, Notification

HUONG = "Nguyễn Thị Thu Hương"


def _events():
    return AuditEvent.objects.count()


def test_secretary_can_create_a_session_numbered_in_the_year_with_the_council_as_members(council):
    first = council.session()
    second = council.session(title="Phiên họp bổ sung")
    assert (first.label, second.label) == ("01/2025", "02/2025")
    names = list(SessionMember.objects.filter(session=first).values_list("user__username", flat=True))
    assert sorted(names) == sorted(m.username for m in council.members)
    assert SessionMember.objects.get(session=first, user=council.chutich).is_chair
    assert AuditEvent.objects.filter(stream=first.audit_stream, action="session_created").count() == 1


def test_member_cannot_create_a_session(council):
    before = _events()
    with pytest.raises(ActionNotAllowed) as refused:
        services.session_create(actor=council.hoidong1, commune=council.commune, title="Phiên họp",
                                meeting_date=MEETING_DAY, place="Hội trường")
    assert "Chỉ Thư ký Hội đồng Thi đua - Khen thưởng của xã" in refused.value.message
    assert not CouncilSession.objects.exists() and _events() == before


def test_secretary_cannot_create_a_session_without_a_place(council):
    with pytest.raises(GuardFailed) as refused:
        services.session_create(actor=council.vhxh, commune=council.commune, title="Phiên họp",
                                meeting_date=MEETING_DAY, place="  ")
    assert refused.value.reasons == ["Vui lòng nhập địa điểm họp."]
    assert not CouncilSession.objects.exists()


def test_secretary_can_put_a_dossier_waiting_for_the_council_on_the_agenda(council):
    dossier = council.dossier(HUONG, "Lê Thị Minh Nguyệt")
    session = council.session()
    items = services.agenda_add(session=session, actor=council.vhxh, dossier=dossier)
    assert [i.nomination.nominee_name for i in items] == [HUONG, "Lê Thị Minh Nguyệt"]
    assert [i.position for i in items] == [1, 2]


def test_secretary_cannot_put_a_dossier_still_in_review_on_the_agenda(council):
    dossier = helpers.to_state(council.world, helpers.make(council.world), DossierState.IN_REVIEW)
    session = council.session()
    before = _events()
    with pytest.raises(GuardFailed) as refused:
        services.agenda_add(session=session, actor=council.vhxh, dossier=dossier)
    assert refused.value.reasons == ["Chỉ đưa vào chương trình hồ sơ đang «Chờ Hội đồng xét»; hồ sơ này đang "
                                     "«Đang thẩm định»."]
    assert not AgendaItem.objects.exists() and _events() == before


def test_secretary_cannot_put_one_dossier_on_two_sessions(council):
    dossier = council.dossier(HUONG)
    first = council.session()
    services.agenda_add(session=first, actor=council.vhxh, dossier=dossier)
    second = council.session(title="Phiên họp khác")
    with pytest.raises(GuardFailed) as refused:
        services.agenda_add(session=second, actor=council.vhxh, dossier=dossier)
    assert "Hồ sơ đã có trong chương trình phiên họp" in refused.value.message
    assert not AgendaItem.objects.filter(session=second).exists()


def test_secretary_cannot_put_a_dossier_of_another_commune_on_the_agenda(council):
    other = helpers.to_state(council.world, helpers.make(council.world, unit=council.other_unit),
                             DossierState.COUNCIL)
    session = council.session()
    with pytest.raises(GuardFailed) as refused:
        services.agenda_add(session=session, actor=council.vhxh, dossier=other)
    assert refused.value.reasons == ["Hồ sơ không thuộc xã của phiên họp."]


def test_secretary_can_take_a_dossier_off_the_agenda_while_preparing(council):
    dossier = council.dossier(HUONG)
    session = council.session()
    services.agenda_add(session=session, actor=council.vhxh, dossier=dossier)
    services.agenda_remove(session=session, actor=council.vhxh, dossier=dossier)
    assert not AgendaItem.objects.filter(session=session).exists()


def test_secretary_cannot_change_the_agenda_once_the_vote_is_open(council):
    dossier, other = council.dossier(HUONG), council.dossier("Vũ Đức Anh")
    session = council.opened(dossier)
    for call in (services.agenda_add, services.agenda_remove):
        with pytest.raises(GuardFailed) as refused:
            call(session=session, actor=council.vhxh, dossier=other if call is services.agenda_add else dossier)
        assert refused.value.reasons == ["Phiên họp đang biểu quyết: không thể thay đổi chương trình, điểm danh."]
    assert AgendaItem.objects.filter(session=session).count() == 1


def test_secretary_cannot_submit_a_stale_form(council):
    session = council.session()
    stale = session.version
    services.attendance_record(session=session, actor=council.vhxh, present_user_ids=[council.chutich.pk])
    with pytest.raises(Conflict) as refused:
        services.attendance_record(session=session, actor=council.vhxh, present_user_ids=[],
                                   expected_version=stale)
    assert "vừa được người khác thay đổi" in str(refused.value)
    assert SessionMember.objects.get(session=session, user=council.chutich).present


def test_secretary_cannot_mark_a_non_member_present(council):
    session = council.session()
    with pytest.raises(GuardFailed) as refused:
        services.attendance_record(session=session, actor=council.vhxh, present_user_ids=[council.thcs.pk])
    assert refused.value.reasons == ["Người được điểm danh không phải thành viên Hội đồng của xã."]
    assert not SessionMember.objects.filter(session=session, present=True).exists()


def test_secretary_can_open_with_the_quorum_and_members_present_are_told(council, django_capture_on_commit_callbacks):
    session = council.prepared(council.dossier(HUONG), absent={"hoidong5", "hoidong6", "hoidong4"})
    with django_capture_on_commit_callbacks(execute=True):
        services.session_open(session=session, actor=council.vhxh)
    session.refresh_from_db()
    assert session.state == SessionState.OPEN and session.chair == council.chutich
    told = set(Notification.objects.filter(subject__startswith="Mở biểu quyết").values_list(
        "recipient__username", flat=True))
    assert told == {m.username for m in council.members} - {"hoidong4", "hoidong5", "hoidong6"}
    event = AuditEvent.objects.get(stream=session.audit_stream, action="session_opened")
    assert (event.from_state, event.to_state) == ("draft", "open")
    assert sorted(event.data["present"]) == sorted(told)


def test_secretary_cannot_open_without_the_quorum_of_the_strictest_rule(council):
    """2/3 of 9 members means 6 present; with 5 present the session stays in preparation."""
    session = council.prepared(council.dossier(HUONG),
                               absent={"hoidong3", "hoidong4", "hoidong5", "hoidong6"})
    before = _events()
    with pytest.raises(GuardFailed) as refused:
        services.session_open(session=session, actor=council.vhxh)
    assert refused.value.reasons == [
        "Chưa đủ túc số: «Chiến sĩ thi đua cơ sở» cần ít nhất 6/9 thành viên có mặt (2/3); hiện có 5."
    ]
    assert CouncilSession.objects.get(pk=session.pk).state == SessionState.DRAFT and _events() == before


def test_quorum_follows_the_strictest_rule_on_the_agenda(council):
    """A 9/10 quorum on one award decides for the whole agenda, the other award asking only 2/3."""
    council.lao_dong_tien_tien.quorum_numerator, council.lao_dong_tien_tien.quorum_denominator = 9, 10
    council.lao_dong_tien_tien.save()
    session = council.prepared(council.dossier(HUONG),
                               council.dossier("Trần Văn Quang", award=council.lao_dong_tien_tien),
                               absent={"hoidong6"})
    with pytest.raises(GuardFailed) as refused:
        services.session_open(session=session, actor=council.vhxh)
    assert refused.value.reasons == [
        "Chưa đủ túc số: «Lao động tiên tiến» cần ít nhất 9/9 thành viên có mặt (9/10); hiện có 8."
    ]


def test_secretary_cannot_open_an_empty_session(council):
    session = council.session()
    with pytest.raises(GuardFailed) as refused:
        services.session_open(session=session, actor=council.vhxh)
    assert refused.value.reasons == ["Chương trình phiên họp chưa có hồ sơ nào."]


def test_secretary_cannot_open_when_a_dossier_on_the_agenda_was_suspended(council):
    dossier = council.dossier(HUONG)
    session = council.prepared(dossier)
    complaint = helpers.complain(council.world, dossier)
    helpers.perform(dossier, helpers.Action.SUSPEND, council.canbovhxh, complaint=complaint.pk, reason="Có đơn")
    with pytest.raises(GuardFailed) as refused:
        services.session_open(session=session, actor=council.vhxh)
    assert "đang «Tạm dừng», không còn chờ Hội đồng xét" in refused.value.message


def test_the_council_snapshot_at_opening_drops_a_member_whose_role_ended(council):
    session = council.prepared(council.dossier(HUONG))
    membership = Membership.objects.get(user=council.hoidong6, role="council_member")
    role_services.membership_end(membership=membership, valid_to=helpers.START, actor=None)
    services.session_open(session=session, actor=council.vhxh)
    assert not SessionMember.objects.filter(session=session, user=council.hoidong6).exists()
    assert SessionMember.objects.filter(session=session).count() == 8


def test_chair_must_agree_rule_needs_a_chair_on_the_council(council):
    council.chien_si.chair_must_agree = True
    council.chien_si.save()
    session = council.prepared(council.dossier(HUONG))
    role_services.membership_end(membership=Membership.objects.get(user=council.chutich, role="chair"),
                                 valid_to=helpers.START, actor=None)
    with pytest.raises(GuardFailed) as refused:
        services.session_open(session=session, actor=council.vhxh)
    assert "Hội đồng chưa có Chủ tịch, mà có nội dung phải được Chủ tịch Hội đồng đồng ý." in refused.value.reasons
