""""Việc của tôi" lists the dossiers on which the person has an action now (engine.available_actions)."""

from django.urls import reverse

from dossiers.models import Dossier
from dossiers.selectors import claim_queue_for, inbox_for, my_work_for
from roles import services as role_services
from roles.models import Role
from tests.conftest import grant
from tests.factories.commune import UserFactory
from tests.web.conftest import listed_ids
from workflow import engine
from workflow.engine import Action


def my_work(client_for, user):
    response = client_for(user).get(reverse("my_work"))
    assert response.status_code == 200
    return listed_ids(response)


def queue(client_for, user):
    response = client_for(user).get(reverse("claim_queue"))
    assert response.status_code == 200
    return listed_ids(response)


def test_unit_officer_has_drafts_and_returned_dossiers_of_their_unit_to_do(world, client_for):
    draft = world.draft()
    returned = world.advance(world.ready(), "returned")
    world.advance(world.ready(), "submitted")
    world.draft(unit=world.doantn_unit, officer=world.doantn)

    assert my_work(client_for, world.thcs) == {draft.pk, returned.pk}


def test_unit_head_also_has_submitted_dossiers_to_withdraw(world, client_for):
    draft = world.draft()
    submitted = world.advance(world.ready(), "submitted")

    assert my_work(client_for, world.thcs_head) == {draft.pk, submitted.pk}


def test_reviewer_has_those_assigned_to_them_and_submitted_ones_waiting_in_the_queue(world, client_for):
    waiting = world.advance(world.ready(), "submitted")
    taken = world.advance(world.ready(), "in_review")  # taken by canbovhxh
    world.draft()

    assert my_work(client_for, world.canbovhxh) == {taken.pk}
    assert queue(client_for, world.canbovhxh) == {waiting.pk}


def test_reviewer_cannot_have_a_dossier_taken_by_a_colleague_in_their_queue(world, client_for):
    colleague = grant(UserFactory(username="canbovhxh2"), world.commune, Role.REVIEWER)
    taken = world.advance(world.ready(), "in_review")  # taken by canbovhxh

    assert my_work(client_for, colleague) == set()
    assert taken.assignee_id == world.canbovhxh.pk


def test_council_secretary_has_dossiers_in_review_to_forward_to_the_council(world, client_for):
    """DESIGN §4: forward_to_council is open to the assignee reviewer or the council secretary."""
    taken = world.advance(world.ready(), "in_review")

    assert my_work(client_for, world.vhxh) == {taken.pk}


def test_reviewer_cannot_have_a_dossier_they_submitted_in_their_queue(world, client_for):
    """Separation of duties (DESIGN §4): the submitter of a dossier cannot review it."""
    role_services.membership_grant(user=world.canbovhxh, organization=world.doantn_unit, role="unit_officer",
                                   valid_from=world.campaign.opens_on, actor=None)
    own = world.ready(unit=world.doantn_unit, officer=world.doantn)
    engine.perform(own, Action.SUBMIT, world.canbovhxh)
    other = world.advance(world.ready(), "submitted")

    assert queue(client_for, world.canbovhxh) == {other.pk}
    assert my_work(client_for, world.canbovhxh) == set()
    assert [a.action for a in engine.available_actions(own, world.canbovhxh)] == []


def test_chair_has_dossiers_awaiting_decision(world, client_for):
    dossier = world.advance(world.ready(campaign=world.ad_hoc_campaign, award=world.giay_khen), "in_review")
    engine.perform(dossier, Action.FORWARD_TO_CHAIR, world.canbovhxh)
    world.advance(world.ready(), "submitted")

    assert my_work(client_for, world.chutich) == {dossier.pk}
    assert my_work(client_for, world.kiemtra) == set()


def test_my_work_matches_available_actions_for_every_persona(world):
    """Every dossier of the inbox has an action for the person, and every action but `suspend` is in it."""
    world.draft()
    world.advance(world.ready(), "submitted")
    world.advance(world.ready(), "in_review")
    world.advance(world.ready(), "returned")
    chair = world.advance(world.ready(campaign=world.ad_hoc_campaign, award=world.giay_khen), "in_review")
    engine.perform(chair, Action.FORWARD_TO_CHAIR, world.canbovhxh)
    dossiers = list(Dossier.objects.all())
    for user in (world.thcs, world.thcs_head, world.doantn, world.canbovhxh, world.vhxh, world.chutich,
                 world.kiemtra, world.vanthu, world.quantri):
        expected = {
            d.pk for d in dossiers
            if any(a.action != Action.SUSPEND for a in engine.available_actions(d, user))
        }
        assert set(my_work_for(actor=user).values_list("pk", flat=True)) == expected, user.username
        # The page splits it: the queue one may claim from, and the rest.
        inbox = set(inbox_for(actor=user).values_list("pk", flat=True))
        claimable = set(claim_queue_for(actor=user).values_list("pk", flat=True))
        assert inbox | claimable == expected and not inbox & claimable, user.username


def test_administrator_has_no_work(world, client_for):
    world.draft()
    assert my_work(client_for, world.quantri) == set()


def test_vice_chair_with_a_delegation_has_dossiers_awaiting_decision(world, client_for):
    """DESIGN §6: the Vice-Chair acts "KT. CHỦ TỊCH" only under an active delegation."""
    dossier = world.advance(world.ready(campaign=world.ad_hoc_campaign, award=world.giay_khen), "in_review")
    engine.perform(dossier, Action.FORWARD_TO_CHAIR, world.canbovhxh)
    assert my_work(client_for, world.phochutich) == set()
    assert client_for(world.phochutich).get(reverse("dossier_detail", kwargs={"pk": dossier.pk})).status_code == 404

    role_services.delegation_create(
        principal=world.chutich, delegate=world.phochutich, organization=world.commune,
        permissions=["decide_for_commune"], valid_from=world.campaign.opens_on,
        valid_to=world.campaign.opens_on.replace(year=2100), instrument="Quyết định số 12/QĐ-UBND", actor=None,
    )

    assert my_work(client_for, world.phochutich) == {dossier.pk}
    page = client_for(world.phochutich).get(reverse("dossier_detail", kwargs={"pk": dossier.pk})).content.decode()
    assert reverse("dossier_action", kwargs={"pk": dossier.pk, "action": "send_back"}) in page

    client = client_for(world.phochutich)
    dossier.refresh_from_db()
    client.post(reverse("dossier_action", kwargs={"pk": dossier.pk, "action": "send_back"}),
                {"expected_version": dossier.version, "reason": "Bổ sung xác nhận"})
    page = client.get(reverse("dossier_detail", kwargs={"pk": dossier.pk})).content.decode()
    assert f"thay mặt {world.chutich.get_full_name()} (chutich)" in page
