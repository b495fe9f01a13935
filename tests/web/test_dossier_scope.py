"""Who sees which dossier (DESIGN §6): unit roles their units' dossiers, commune roles every submitted
dossier of their commune (auditors drafts too), administrators none; anything else answers 404, whether
listed, opened or downloaded."""

import pytest
from django.urls import reverse

from tests.web.conftest import detail_url, listed_ids


@pytest.fixture
def dossiers(world):
    submitted = "submitted"
    return {
        "thcs": world.advance(world.ready(title="Hồ sơ THCS"), submitted),
        "doantn": world.advance(
            world.ready(unit=world.doantn_unit, officer=world.doantn, title="Hồ sơ Đoàn TN"), submitted
        ),
        "other": world.advance(
            world.ready(unit=world.other_unit, officer=world.other_officer, title="Hồ sơ xã khác"), submitted
        ),
    }


@pytest.mark.parametrize("persona", ["canbovhxh", "vhxh", "chutich", "vanthu", "hoidong1"])
def test_commune_role_cannot_see_a_units_draft(world, client_for, persona):
    """A draft is the unit's own unfinished work: the office meets it only once it is submitted."""
    draft = world.draft(title="Hồ sơ đang soạn")
    client = client_for(getattr(world, persona))
    assert draft.pk not in listed_ids(client.get(reverse("dossier_list")))
    assert client.get(detail_url(draft)).status_code == 404


def test_auditor_can_see_a_units_draft(world, client_for):
    draft = world.draft(title="Hồ sơ đang soạn")
    client = client_for(world.kiemtra)
    assert draft.pk in listed_ids(client.get(reverse("dossier_list")))
    assert client.get(detail_url(draft)).status_code == 200


def test_unit_officer_can_list_only_their_units_dossiers(world, dossiers, client_for):
    response = client_for(world.thcs).get(reverse("dossier_list"))
    assert response.status_code == 200
    assert listed_ids(response) == {dossiers["thcs"].pk}
    assert "Hồ sơ Đoàn TN" not in response.content.decode()


@pytest.mark.parametrize("persona", ["canbovhxh", "vhxh", "chutich", "vanthu", "kiemtra", "hoidong1"])
def test_commune_role_can_list_every_dossier_of_their_commune_only(world, dossiers, client_for, persona):
    response = client_for(getattr(world, persona)).get(reverse("dossier_list"))
    assert listed_ids(response) == {dossiers["thcs"].pk, dossiers["doantn"].pk}


def test_administrator_cannot_list_any_dossier(world, dossiers, client_for):
    response = client_for(world.quantri).get(reverse("dossier_list"))
    assert response.status_code == 200
    assert listed_ids(response) == set()


def test_administrator_cannot_open_a_dossier(world, dossiers, client_for):
    assert client_for(world.quantri).get(detail_url(dossiers["thcs"])).status_code == 404


def test_unit_officer_can_open_their_units_dossier(world, dossiers, client_for):
    response = client_for(world.thcs).get(detail_url(dossiers["thcs"]))
    assert response.status_code == 200
    assert "Hồ sơ THCS" in response.content.decode()


def test_unit_officer_cannot_open_another_units_dossier_by_url(world, dossiers, client_for):
    assert client_for(world.thcs).get(detail_url(dossiers["doantn"])).status_code == 404


def test_reviewer_cannot_open_a_dossier_of_another_commune(world, dossiers, client_for):
    assert client_for(world.canbovhxh).get(detail_url(dossiers["other"])).status_code == 404


def test_reviewer_of_the_other_commune_sees_only_that_commune(world, dossiers, client_for):
    response = client_for(world.other_reviewer).get(reverse("dossier_list"))
    assert listed_ids(response) == {dossiers["other"].pk}


def test_ended_membership_no_longer_gives_sight(world, dossiers, client_for):
    """A permission counts only while the grant and an active membership both hold (workflow.authority)."""
    from datetime import date

    from roles.models import Membership

    Membership.objects.filter(user=world.thcs).update(valid_to=date(2025, 1, 1))  # guardian grant still in place
    response = client_for(world.thcs).get(reverse("dossier_list"))
    assert listed_ids(response) == set()
    assert client_for(world.thcs).get(detail_url(dossiers["thcs"])).status_code == 404


def test_action_on_a_dossier_out_of_scope_answers_404_and_changes_nothing(world, client_for):
    dossier = world.advance(world.ready(unit=world.other_unit, officer=world.other_officer), "submitted")
    url = reverse("dossier_action", kwargs={"pk": dossier.pk, "action": "take"})
    response = client_for(world.canbovhxh).post(url, {"expected_version": dossier.version})
    assert response.status_code == 404
    dossier.refresh_from_db()
    assert dossier.state == "submitted"


def test_unit_officer_can_download_their_document(world, client_for):
    dossier = world.ready()
    attachment = dossier.attachments.first()
    response = client_for(world.thcs).get(
        reverse("attachment_download", kwargs={"pk": dossier.pk, "attachment_pk": attachment.pk})
    )
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_other_unit_cannot_download_a_document_by_url(world, client_for):
    dossier = world.ready()
    attachment = dossier.attachments.first()
    url = reverse("attachment_download", kwargs={"pk": dossier.pk, "attachment_pk": attachment.pk})
    assert client_for(world.doantn).get(url).status_code == 404
    assert client_for(world.other_reviewer).get(url).status_code == 404


def test_document_of_another_dossier_cannot_be_fetched_through_an_own_dossier(world, client_for):
    own = world.draft()
    foreign = world.ready(unit=world.doantn_unit, officer=world.doantn)
    url = reverse("attachment_download", kwargs={"pk": own.pk, "attachment_pk": foreign.attachments.first().pk})
    assert client_for(world.thcs).get(url).status_code == 404
