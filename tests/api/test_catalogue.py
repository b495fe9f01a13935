"""Award types and campaigns: read in scope; written only by administrators, validated like the admin,
audited in the "catalogue" stream, and changed only with a current If-Match (issue 7 §1, DESIGN §6)."""

from dossiers.models import AwardType, Campaign
from workflow.models import AuditEvent

NEW_AWARD = {
    "code": "CSTDCS", "name": "Chiến sĩ thi đua cơ sở", "category": "title", "subject": "individual",
    "authority": "Chủ tịch UBND xã", "legal_basis": "Điều 23 Luật Thi đua, khen thưởng 2022",
    "valid_from": "2025-01-01", "vote_method": "secret", "threshold_percent": 80, "threshold_base": "total",
    "required_documents": {"thuong_xuyen": ["to_trinh", "bao_cao_thanh_tich"]},
}


def test_administrator_can_add_an_award_type_and_it_is_audited(world, api_as):
    response = api_as(world.quantri).post("/api/v1/award-types/", NEW_AWARD, format="json")
    assert response.status_code == 201, response.json()
    award = AwardType.objects.get(code="CSTDCS")
    assert award.threshold_percent == 80
    event = AuditEvent.objects.get(stream="catalogue", action="catalogue_created", object_id=str(award.pk))
    assert event.actor_id == world.quantri.pk


def test_non_administrator_cannot_change_the_catalogue(world, api_as):
    response = api_as(world.vhxh).post("/api/v1/award-types/", NEW_AWARD, format="json")
    assert response.status_code == 403
    assert "quản trị hệ thống" in response.json()["message"]
    assert not AwardType.objects.filter(code="CSTDCS").exists()


def test_invalid_rule_is_refused_field_by_field(world, api_as):
    bad = {**NEW_AWARD, "threshold_percent": 120, "quorum_numerator": 5, "quorum_denominator": 3,
           "required_documents": {"thuong_xuyen": ["giay_phep_lai_xe"]}}
    response = api_as(world.quantri).post("/api/v1/award-types/", bad, format="json")
    assert response.status_code == 400
    assert "required_documents" in response.json()["fields"]
    bad["required_documents"] = NEW_AWARD["required_documents"]
    response = api_as(world.quantri).post("/api/v1/award-types/", bad, format="json")
    assert response.status_code == 400
    assert not AwardType.objects.filter(code="CSTDCS").exists()
    assert not AuditEvent.objects.filter(stream="catalogue").exists()


def test_campaign_change_needs_a_current_etag(world, api_as):
    client = api_as(world.quantri)
    url = f"/api/v1/campaigns/{world.campaign.pk}/"
    etag = client.get(url)["ETag"]
    assert client.patch(url, {"name": "Tổng kết năm 2025"}, format="json").status_code == 428
    changed = client.patch(url, {"name": "Tổng kết năm 2025", "award_types": [world.lao_dong_tien_tien.pk]},
                           format="json", HTTP_IF_MATCH=etag)
    assert changed.status_code == 200
    stale = client.patch(url, {"name": "Ghi đè"}, format="json", HTTP_IF_MATCH=etag)
    assert stale.status_code == 412
    campaign = Campaign.objects.get(pk=world.campaign.pk)
    assert campaign.name == "Tổng kết năm 2025"
    assert list(campaign.award_types.all()) == [world.lao_dong_tien_tien]
    event = AuditEvent.objects.get(stream="catalogue", action="catalogue_changed")
    assert set(event.data["changes"]) == {"name", "award_types"}


def test_units_read_only_their_communes_campaigns(world, api_as):
    names = {c["id"] for c in api_as(world.thcs).get("/api/v1/campaigns/").json()["results"]}
    assert names == {world.campaign.pk, world.ad_hoc_campaign.pk}
    assert api_as(world.thcs).get(f"/api/v1/campaigns/{world.other_campaign.pk}/").status_code == 404
