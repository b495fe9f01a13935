"""Builders and assertions shared by the workflow and dossier specifications.

Dossiers reach later states only through `engine.perform`, with the actors the rules require in the
dossier's own commune, so these builders work for the second commune of the World as well.
"""

import contextlib
import datetime
from dataclasses import dataclass

import pytest
from django.utils import timezone

from dossiers import services as dossier_services
from dossiers.models import NOMINATION_DOCUMENT_KINDS, CommendationKind, ComplaintStatus, Dossier, DossierState
from roles.models import Role
from tests.conftest import START, grant, pdf_upload  # noqa: F401 (START re-exported)
from tests.factories.commune import CampaignFactory, PersonFactory, UserFactory
from workflow.engine import SYSTEM, Action, perform
from workflow.models import AuditEvent

S = DossierState


def extend(world):
    """Give the second commune a Chair and an ad hoc campaign, so every scope has a full cast."""
    if not hasattr(world, "other_chair"):
        world.other_chair = grant(UserFactory(username="chutich_xakhac"), world.other_commune, Role.CHAIR)
        world.other_ad_hoc_campaign = CampaignFactory(
            commune=world.other_commune, name="Khen thưởng đột xuất xã Khác", kind=CommendationKind.AD_HOC,
            award_types=[world.lao_dong_tien_tien, world.giay_khen, world.gia_dinh_van_hoa],
        )
    return world


def in_other_commune(world, dossier) -> bool:
    return dossier.commune_id == world.other_commune.pk


def reviewer_of(world, dossier):
    return world.other_reviewer if in_other_commune(world, dossier) else world.canbovhxh


def chair_of(world, dossier):
    extend(world)
    return world.other_chair if in_other_commune(world, dossier) else world.chutich


def officer_of(world, dossier):
    return world.officer_of(dossier)


# What each award needs to be ready for a given route.
ROUTES = {
    "council": dict(award="lao_dong_tien_tien", kind=None),  # needs a vote
    "chair": dict(award="giay_khen", kind=CommendationKind.AD_HOC),  # vote exempt when đột xuất
    "posting": dict(award="gia_dinh_van_hoa", kind=None),  # posting_days 10, no vote
}


def make(world, *, unit=None, route="council", nominees=("Nguyễn Thị Hoa",), complete=True):
    """A draft of `unit` (THCS by default) ready to submit, whose awards follow `route`."""
    extend(world)
    unit = unit or world.thcs_unit
    award = getattr(world, ROUTES[route]["award"])
    kind = ROUTES[route]["kind"]
    other = unit.commune_id == world.other_commune.pk
    if kind == CommendationKind.AD_HOC:
        campaign = world.other_ad_hoc_campaign if other else world.ad_hoc_campaign
    else:
        campaign = world.other_campaign if other else world.campaign
    officer = world.officer_of(Dossier(unit=unit))
    dossier = world.draft(unit=unit, officer=officer, campaign=campaign, kind=kind)
    if complete:
        world.complete(dossier, officer=officer, award=award, nominees=nominees)
    return dossier


def to_state(world, dossier, state, *, passed=True):
    """Walk `dossier` to `state` through the engine; `passed` chooses the council's result."""
    reviewer = reviewer_of(world, dossier)

    def do(action, actor, **data):
        perform(dossier, action, actor, **data)

    if state == S.DRAFT:
        return dossier
    do(Action.SUBMIT, officer_of(world, dossier))
    if state == S.SUBMITTED:
        return dossier
    do(Action.TAKE, reviewer)
    if state == S.IN_REVIEW:
        return dossier
    if state == S.RETURNED:
        do(Action.RETURN_FOR_REVISION, reviewer, reason="Bổ sung biên bản bình xét")
        return dossier
    if state == S.POSTED:
        do(Action.POST_PUBLICLY, reviewer)
        return dossier
    if state == S.SUSPENDED:
        complaint = complain(world, dossier)
        do(Action.SUSPEND, reviewer, complaint=complaint.pk, reason="Có đơn phản ánh")
        return dossier
    needs_vote = any(n.award_type.needs_vote(dossier.kind) for n in dossier.nominations.all())
    if needs_vote:
        do(Action.FORWARD_TO_COUNCIL, reviewer)
        if state == S.COUNCIL:
            return dossier
        results = {str(n.pk): "passed" if passed else "failed" for n in dossier.nominations.filter(outcome="eligible")}
        perform(dossier, Action.CLOSE_VOTE, SYSTEM, results=results, session="session:1")
    else:
        do(Action.FORWARD_TO_CHAIR, reviewer)
    if state in (S.AWAITING_DECISION, S.REJECTED):
        return dossier
    if state in (S.DECIDED, S.REVOKED):
        decide(world, dossier)
        if state == S.REVOKED:
            revoke(dossier, [n.pk for n in dossier.nominations.all()])
        return dossier
    raise AssertionError(f"no route to {state}")


def decide(world, dossier, *, signer=None, awarded=None):
    awarded = awarded if awarded is not None else [
        n.pk for n in dossier.nominations.all() if n.outcome in ("passed", "eligible")
    ]
    return perform(dossier, Action.DECIDE, SYSTEM, signer=signer or chair_of(world, dossier), awarded=awarded,
                   decision="12/QĐ-UBND")


def revoke(dossier, nomination_ids, **data):
    data = {
        "reason": "Khai man thành tích",
        "legal_ground": "Điểm a khoản 2 Điều 94 Luật Thi đua, khen thưởng 2022",
        "decision": "30/QĐ-UBND",
        "nominations": nomination_ids,
        **data,
    }
    return perform(dossier, Action.REVOKE, SYSTEM, **data)


def complain(world, dossier, nomination=None):
    return dossier_services.complaint_register(
        dossier=dossier, actor=reviewer_of(world, dossier), complainant="Ông Lê Văn Tám",
        summary="Phản ánh thành tích chưa đúng thực tế", received_on=timezone.localdate(), nomination=nomination,
    )


def settle(world, complaint, status=ComplaintStatus.DISMISSED):
    return dossier_services.complaint_close(
        complaint=complaint, actor=reviewer_of(world, complaint.dossier), status=status,
        outcome="Đã xác minh, phản ánh không có cơ sở",
    )


def add_nominee(world, dossier, *, name, award=None, user=None, documents=True):
    """Add one nominee (its Person linked to `user`'s account if given) with its own documents."""
    award = award or world.lao_dong_tien_tien
    officer = world.officer_of(dossier)
    person = PersonFactory(full_name=name, organization=dossier.unit, user=user)
    nomination = dossier_services.nomination_add(
        dossier=dossier, actor=officer, award_type=award, person=person if award.subject == "individual" else None,
        nominee_name=name,
    )
    if documents:
        for kind in award.documents_required_for(dossier.kind):
            if kind in NOMINATION_DOCUMENT_KINDS:
                dossier_services.attachment_upload(
                    dossier=dossier, actor=officer, kind=kind, upload=pdf_upload(), nomination=nomination
                )
    dossier.refresh_from_db()
    return nomination


@dataclass(frozen=True)
class Snapshot:
    state: str
    version: int
    events: int
    outcomes: tuple


def snapshot(dossier) -> Snapshot:
    fresh = Dossier.objects.get(pk=dossier.pk)
    return Snapshot(
        state=fresh.state,
        version=fresh.version,
        events=AuditEvent.objects.count(),
        outcomes=tuple(fresh.nominations.order_by("pk").values_list("outcome", flat=True)),
    )


def assert_unchanged(dossier, before: Snapshot):
    """A refusal changes nothing: not the state, not the version, not the outcomes, not the audit log."""
    assert snapshot(dossier) == before


def reasons_of(excinfo) -> str:
    return " ".join(excinfo.value.reasons)


@contextlib.contextmanager
def days_from_today(days: int):
    """Fake today's date by `days` inside the block.

    Only `django.utils.timezone.localdate` is replaced: the engine, guards and services read "today"
    through it; `timezone.now()` (audit times) is left alone.
    """
    day = timezone.localdate() + datetime.timedelta(days=days)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(timezone, "localdate", lambda *args, **kwargs: day)
        yield day


def refused(error, dossier, action, actor, **data) -> str:
    """Perform, expect `error`, check that nothing changed, and return the Vietnamese reasons."""
    before = snapshot(dossier)
    with pytest.raises(error) as excinfo:
        perform(dossier, action, actor, **data)
    assert_unchanged(dossier, before)
    return reasons_of(excinfo)


def upload(world, dossier, kind, nomination=None, actor=None):
    return dossier_services.attachment_upload(
        dossier=dossier, actor=actor or world.officer_of(dossier), kind=kind, upload=pdf_upload(), nomination=nomination
    )


def dual_role(world, username, *, unit=None, role=Role.REVIEWER, unit_role=Role.UNIT_OFFICER):
    """A user who is both an officer of a unit and holds a commune role (to test separation of duties)."""
    user = grant(UserFactory(username=username), unit or world.thcs_unit, unit_role)
    return grant(user, world.commune, role)


def mixed(world, *, route="posting", extra="lao_dong_tien_tien", name="Trần Văn Bình"):
    """A draft of the THCS unit with the route's nominee plus one nominee for another award."""
    dossier = make(world, route=route)
    add_nominee(world, dossier, name=name, award=getattr(world, extra))
    return dossier


def post_days_ago(world, dossier, days: int):
    """Post an in-review dossier's list as if it had been done `days` days ago."""
    with days_from_today(-days):
        perform(dossier, Action.POST_PUBLICLY, reviewer_of(world, dossier))
    return dossier


def assess(world, dossier, nomination, eligible, reason=""):
    return perform(dossier, Action.ASSESS_NOMINATION, reviewer_of(world, dossier), nomination=nomination.pk,
                   eligible=eligible, reason=reason)


def results_by_name(dossier, **by_name):
    """Council results keyed by nomination id, given as {nominee name: "passed" | "failed"}."""
    ids = dict(dossier.nominations.values_list("nominee_name", "pk"))
    return {str(ids[name]): result for name, result in by_name.items()}


def close_vote(dossier, results):
    return perform(dossier, Action.CLOSE_VOTE, SYSTEM, results=results, session="session:1")
