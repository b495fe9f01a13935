"""Actions through the API go through workflow.engine.perform (DESIGN §5): a failed guard is 409 with the
engine's Vietnamese reasons and changes nothing; a client that read an older version and sends its ETag
gets 412; the list of actions is what the dossier page shows."""

from dossiers.models import DossierState
from tests.api.conftest import body_reasons
from tests.workflow import helpers
from tests.workflow.helpers import assert_unchanged, snapshot
from workflow.engine import available_actions


def test_failed_guard_is_409_with_the_engines_reasons(world, api_as):
    dossier = world.draft()  # no nominee, no documents
    before = snapshot(dossier)
    response = api_as(world.thcs).post(f"/api/v1/dossiers/{dossier.pk}/actions/submit/", {}, format="json")
    assert response.status_code == 409
    assert response.json()["code"] == "guard_failed"
    assert "Hồ sơ chưa có người hoặc tập thể nào được đề nghị." in body_reasons(response)
    assert_unchanged(dossier, before)


def test_missing_reason_is_409_and_changes_nothing(world, api_as):
    dossier = helpers.to_state(world, helpers.make(world), DossierState.IN_REVIEW)
    before = snapshot(dossier)
    response = api_as(world.canbovhxh).post(f"/api/v1/dossiers/{dossier.pk}/actions/return_for_revision/", {},
                                            format="json")
    assert response.status_code == 409
    assert "Vui lòng nêu lý do." in body_reasons(response)
    assert_unchanged(dossier, before)


def test_action_with_a_stale_etag_gets_412_and_changes_nothing(world, api_as):
    dossier = helpers.make(world)
    client = api_as(world.thcs)
    stale = client.get(f"/api/v1/dossiers/{dossier.pk}/")["ETag"]
    helpers.upload(world, dossier, "other")  # someone else changes the dossier meanwhile
    before = snapshot(dossier)
    response = client.post(f"/api/v1/dossiers/{dossier.pk}/actions/submit/", {}, format="json",
                           HTTP_IF_MATCH=stale)
    assert response.status_code == 412
    assert_unchanged(dossier, before)


def test_action_with_the_current_etag_is_performed(world, api_as):
    dossier = helpers.make(world)
    client = api_as(world.thcs)
    etag = client.get(f"/api/v1/dossiers/{dossier.pk}/")["ETag"]
    response = client.post(f"/api/v1/dossiers/{dossier.pk}/actions/submit/", {}, format="json", HTTP_IF_MATCH=etag)
    assert response.status_code == 200
    assert response.json()["to_state"] == DossierState.SUBMITTED
    assert response.json()["event_hash"]


def test_reviewer_can_assess_a_nominee_through_the_api(world, api_as):
    dossier = helpers.to_state(world, helpers.make(world), DossierState.IN_REVIEW)
    nomination = dossier.nominations.get()
    client = api_as(world.canbovhxh)
    assert "assess_nomination" in {a["action"] for a in client.get(f"/api/v1/dossiers/{dossier.pk}/actions/").json()}
    refused = client.post(f"/api/v1/dossiers/{dossier.pk}/actions/assess_nomination/",
                          {"nomination": nomination.pk, "eligible": False}, format="json")
    assert refused.status_code == 409
    assert "Vui lòng nêu lý do không đủ điều kiện." in body_reasons(refused)
    done = client.post(f"/api/v1/dossiers/{dossier.pk}/actions/assess_nomination/",
                       {"nomination": nomination.pk, "eligible": False, "reason": "Chưa đủ thời gian công tác"},
                       format="json")
    assert done.status_code == 200
    assert done.json()["dossier"]["nominations"][0]["outcome"] == "ineligible"


def test_action_list_is_what_the_engine_offers_with_blocked_reasons(world, api_as):
    dossier = world.draft()
    listed = api_as(world.thcs).get(f"/api/v1/dossiers/{dossier.pk}/actions/").json()
    offered = available_actions(dossier, world.thcs)
    assert [a["action"] for a in listed] == [a.action for a in offered]
    assert listed[0]["blocked"] is True
    assert listed[0]["blocked_reasons"] == [str(r) for r in offered[0].blocked_reasons]


def test_unknown_action_is_404(world, api_as):
    dossier = world.draft()
    response = api_as(world.thcs).post(f"/api/v1/dossiers/{dossier.pk}/actions/publish_everything/", {},
                                       format="json")
    assert response.status_code == 404
    assert response.json()["message"] == "Không có thao tác này."
