"""Dossiers through the API: the list has the pages' scope and filters (dossiers.selectors) with a constant
number of queries; create and update go through the audited services; an update needs If-Match and a
stale one gets 412 and changes nothing (issue 7, "ETag/If-Match on updates")."""

import pytest

from dossiers import selectors
from dossiers.models import Dossier, DossierState
from tests.api.conftest import body_reasons
from tests.workflow import helpers
from workflow.models import AuditEvent


def _ids(response) -> set[int]:
    return {row["id"] for row in response.json()["results"]}


def test_list_shows_exactly_what_the_dossier_page_shows(world, api_as):
    own = helpers.make(world)
    other_unit = helpers.to_state(world, helpers.make(world, unit=world.doantn_unit), DossierState.SUBMITTED)
    other_draft = helpers.make(world, unit=world.doantn_unit)
    helpers.make(world, unit=world.other_unit)
    for persona in ("thcs", "doantn", "canbovhxh", "kiemtra", "chutich", "other_reviewer", "quantri"):
        actor = getattr(world, persona)
        listed = _ids(api_as(actor).get("/api/v1/dossiers/"))
        assert listed == set(selectors.dossier_list_for(actor=actor).values_list("pk", flat=True)), persona
    assert _ids(api_as(world.thcs).get("/api/v1/dossiers/")) == {own.pk}
    assert _ids(api_as(world.canbovhxh).get("/api/v1/dossiers/")) == {other_unit.pk}  # drafts stay the unit's
    assert other_draft.pk in _ids(api_as(world.kiemtra).get("/api/v1/dossiers/"))
    assert _ids(api_as(world.quantri).get("/api/v1/dossiers/")) == set()


def test_list_filters_like_the_page(world, api_as):
    draft = helpers.make(world)
    submitted = helpers.to_state(world, helpers.make(world, route="chair"), DossierState.SUBMITTED)
    client = api_as(world.thcs)
    assert _ids(client.get("/api/v1/dossiers/", {"state": "submitted"})) == {submitted.pk}
    assert _ids(client.get("/api/v1/dossiers/", {"campaign": world.ad_hoc_campaign.pk})) == {submitted.pk}
    assert _ids(client.get("/api/v1/dossiers/", {"award_type": world.lao_dong_tien_tien.pk})) == {draft.pk}
    assert _ids(client.get("/api/v1/dossiers/", {"q": "nguyen thi hoa"})) == {draft.pk, submitted.pk}
    refused = client.get("/api/v1/dossiers/", {"state": "bogus", "unit": "x"})
    assert refused.status_code == 400
    assert set(refused.json()["fields"]) == {"state", "unit"}


@pytest.mark.parametrize("rows", [1, 30])
def test_list_runs_a_constant_number_of_queries(world, api_as, django_assert_max_num_queries, rows):
    for _ in range(rows):
        world.draft()
    client = api_as(world.thcs)
    with django_assert_max_num_queries(12):
        response = client.get("/api/v1/dossiers/", {"page_size": 30})
    assert len(response.json()["results"]) == rows


def test_officer_can_create_a_draft_through_the_service(world, api_as):
    response = api_as(world.thcs).post("/api/v1/dossiers/", {
        "unit": world.thcs_unit.pk, "campaign": world.campaign.pk, "title": "Đề nghị khen thưởng năm 2025",
        "reference_number": "15/TTr-THCS",
    }, format="json")
    assert response.status_code == 201
    dossier = Dossier.objects.get(pk=response.json()["id"])
    assert (dossier.state, dossier.created_by) == (DossierState.DRAFT, world.thcs)
    assert response["ETag"] == f'"dossier-{dossier.pk}-v1"'
    assert AuditEvent.objects.filter(stream=dossier.audit_stream, action="dossier_created").exists()


def test_officer_cannot_create_a_dossier_for_another_unit(world, api_as):
    count = Dossier.objects.count()
    response = api_as(world.thcs).post("/api/v1/dossiers/", {
        "unit": world.doantn_unit.pk, "campaign": world.campaign.pk, "title": "Đề nghị",
    }, format="json")
    assert response.status_code == 403
    assert "Bạn không có quyền lập hồ sơ cho đơn vị này." in body_reasons(response)
    assert Dossier.objects.count() == count


def test_officer_can_update_a_draft_with_the_current_etag(world, api_as):
    dossier = world.draft()
    client = api_as(world.thcs)
    etag = client.get(f"/api/v1/dossiers/{dossier.pk}/")["ETag"]
    response = client.patch(f"/api/v1/dossiers/{dossier.pk}/", {"title": "Trích yếu mới"}, format="json",
                            HTTP_IF_MATCH=etag)
    assert response.status_code == 200
    assert response.json()["title"] == "Trích yếu mới"
    assert response["ETag"] != etag
    event = AuditEvent.objects.filter(stream=dossier.audit_stream, action="dossier_updated").get()
    assert event.data["changes"]["title"][1] == "Trích yếu mới"


def test_stale_update_gets_412_and_changes_nothing(world, api_as):
    dossier = world.draft()
    client = api_as(world.thcs)
    stale = client.get(f"/api/v1/dossiers/{dossier.pk}/")["ETag"]
    assert client.patch(f"/api/v1/dossiers/{dossier.pk}/", {"title": "Lần sửa thứ nhất"}, format="json",
                        HTTP_IF_MATCH=stale).status_code == 200
    events = AuditEvent.objects.count()

    response = client.patch(f"/api/v1/dossiers/{dossier.pk}/", {"title": "Ghi đè bằng bản cũ"}, format="json",
                            HTTP_IF_MATCH=stale)

    assert response.status_code == 412
    assert response.json()["code"] == "stale"
    assert "ETag không khớp" in response.json()["message"]
    dossier.refresh_from_db()
    assert dossier.title == "Lần sửa thứ nhất"
    assert AuditEvent.objects.count() == events


def test_update_without_if_match_gets_428_and_changes_nothing(world, api_as):
    dossier = world.draft()
    response = api_as(world.thcs).patch(f"/api/v1/dossiers/{dossier.pk}/", {"title": "Không có ETag"},
                                        format="json")
    assert response.status_code == 428
    assert "If-Match" in response.json()["message"]
    assert Dossier.objects.get(pk=dossier.pk).title == dossier.title


def test_officer_cannot_update_a_submitted_dossier(world, api_as):
    dossier = helpers.to_state(world, helpers.make(world), DossierState.SUBMITTED)
    client = api_as(world.thcs)
    etag = client.get(f"/api/v1/dossiers/{dossier.pk}/")["ETag"]
    response = client.patch(f"/api/v1/dossiers/{dossier.pk}/", {"title": "Sửa sau khi trình"}, format="json",
                            HTTP_IF_MATCH=etag)
    assert response.status_code == 409
    assert "không thể chỉnh sửa" in body_reasons(response)
    assert Dossier.objects.get(pk=dossier.pk).title == dossier.title


def test_dossier_outside_scope_is_not_found(world, api_as):
    dossier = helpers.make(world, unit=world.doantn_unit)
    for url in ("", "nominations/", "attachments/", "actions/", "export/"):
        assert api_as(world.thcs).get(f"/api/v1/dossiers/{dossier.pk}/{url}").status_code == 404


def test_officer_can_add_edit_and_remove_a_nominee(world, api_as):
    dossier = world.draft()
    client = api_as(world.thcs)
    added = client.post(f"/api/v1/dossiers/{dossier.pk}/nominations/", {
        "award_type": world.lao_dong_tien_tien.pk, "new_person_name": "Lê Thị Mai", "position": "Giáo viên",
    }, format="json")
    assert added.status_code == 201, added.json()
    nomination = added.json()
    assert (nomination["nominee_name"], nomination["award_type_code"]) == ("Lê Thị Mai", "LDTT")
    url = f"/api/v1/dossiers/{dossier.pk}/nominations/{nomination['id']}/"
    edited = client.patch(url, {"achievement_summary": "Hoàn thành xuất sắc nhiệm vụ"}, format="json",
                          HTTP_IF_MATCH=added["ETag"])
    assert edited.status_code == 200
    assert edited.json()["achievement_summary"] == "Hoàn thành xuất sắc nhiệm vụ"
    stale = client.delete(url, HTTP_IF_MATCH=added["ETag"])
    assert stale.status_code == 412
    assert client.delete(url, HTTP_IF_MATCH=edited["ETag"]).status_code == 204
    actions = list(AuditEvent.objects.filter(stream=dossier.audit_stream).values_list("action", flat=True))
    assert actions[-3:] == ["nomination_added", "nomination_updated", "nomination_removed"]


def test_individual_award_without_a_person_is_refused_with_its_reason(world, api_as):
    dossier = world.draft()
    response = api_as(world.thcs).post(f"/api/v1/dossiers/{dossier.pk}/nominations/", {
        "award_type": world.lao_dong_tien_tien.pk, "nominee_name": "Tập thể tổ Toán",
    }, format="json")
    assert response.status_code == 409
    assert "dành cho cá nhân" in body_reasons(response)
    assert not dossier.nominations.exists()
