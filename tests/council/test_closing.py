"""Closing a session (DESIGN §8, issue 4 item 5): one transaction counts every nomination against its
rule, moves every dossier through the engine's `close_vote` (awaiting_decision if anything passed,
rejected if nothing did), and issues the minutes. A closed session cannot be closed again or reopened."""

import pytest

from council import services
from council.models import AgendaItem, CouncilSession, ItemResult, Minutes, SessionState
from dossiers.models import Dossier, DossierState, Outcome
from tests.council.conftest import A, D, X
from workflow.exceptions import ActionNotAllowed, GuardFailed
from workflow.models import AuditEvent

HUONG, NGUYET = "Nguyễn Thị Thu Hương", "Lê Thị Minh Nguyệt"


def _outcomes(dossier):
    return dict(Dossier.objects.get(pk=dossier.pk).nominations.values_list("nominee_name", "outcome"))


def test_secretary_can_close_session_and_each_dossier_moves_by_its_results(council):
    """SCENARIO §5: 8 of 9 present; A gets 8 agree (88.9% of 9 total: passed), B gets 7 (77.8%: failed)."""
    cstd = council.dossier(HUONG, NGUYET)
    ldtt = council.dossier("Trần Văn Quang", award=council.lao_dong_tien_tien)
    all_fail = council.dossier("Vũ Đức Anh")
    session = council.opened(cstd, ldtt, all_fail, absent={"hoidong6"})
    voters = [m for m in council.members if m.username != "hoidong6"]
    for index, member in enumerate(voters):
        council.ballot(session, member, {
            HUONG: A,
            NGUYET: A if index < 7 else D,
            "Trần Văn Quang": A if index < 5 else X,
            "Vũ Đức Anh": D,
        })
    council.close(session)
    session.refresh_from_db()
    assert session.state == SessionState.CLOSED
    results = {i.nomination.nominee_name: (i.agree, i.disagree, i.abstain, i.base, i.required, i.result)
               for i in AgendaItem.objects.filter(session=session).select_related("nomination")}
    assert results == {
        HUONG: (8, 0, 0, 9, 8, ItemResult.PASSED),
        NGUYET: (7, 1, 0, 9, 8, ItemResult.FAILED),
        "Trần Văn Quang": (5, 0, 3, 8, 5, ItemResult.PASSED),  # majority of the 8 present
        "Vũ Đức Anh": (0, 8, 0, 9, 8, ItemResult.FAILED),
    }
    assert Dossier.objects.get(pk=cstd.pk).state == DossierState.AWAITING_DECISION
    assert _outcomes(cstd) == {HUONG: Outcome.PASSED, NGUYET: Outcome.FAILED}
    assert Dossier.objects.get(pk=ldtt.pk).state == DossierState.AWAITING_DECISION
    assert Dossier.objects.get(pk=all_fail.pk).state == DossierState.REJECTED
    close_events = AuditEvent.objects.filter(action="close_vote", stream__in=[
        d.audit_stream for d in (cstd, ldtt, all_fail)])
    assert {e.data["session"] for e in close_events} == {session.audit_stream}
    assert Minutes.objects.get(session=session).number_text == "01/BB-HĐTĐKT"


def test_secretary_cannot_close_a_session_twice(council):
    dossier = council.dossier(HUONG)
    session = council.opened(dossier)
    council.everyone_votes(session, {HUONG: A})
    council.close(session)
    events = AuditEvent.objects.count()
    with pytest.raises(GuardFailed) as refused:
        council.close(session)
    assert "Phiên họp đã kết thúc; không thể kết thúc lần nữa hay mở lại." in refused.value.reasons
    assert AuditEvent.objects.count() == events
    assert Minutes.objects.filter(session=session).count() == 1


def test_secretary_cannot_reopen_a_closed_session(council):
    dossier = council.dossier(HUONG)
    session = council.opened(dossier)
    council.close(session)
    with pytest.raises(GuardFailed) as refused:
        services.session_open(session=session, actor=council.vhxh)
    assert "Phiên họp đã kết thúc: không thể thay đổi hay biểu quyết thêm." in refused.value.reasons
    assert CouncilSession.objects.get(pk=session.pk).state == SessionState.CLOSED


def test_secretary_cannot_close_a_session_that_was_never_opened(council):
    session = council.prepared(council.dossier(HUONG))
    with pytest.raises(GuardFailed) as refused:
        council.close(session)
    assert "Phiên họp chưa mở biểu quyết." in refused.value.reasons
    assert not Minutes.objects.exists()


def test_member_cannot_close_a_session(council):
    session = council.opened(council.dossier(HUONG))
    with pytest.raises(ActionNotAllowed):
        services.session_close(session=session, actor=council.hoidong1)
    assert CouncilSession.objects.get(pk=session.pk).state == SessionState.OPEN
