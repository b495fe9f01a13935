"""Decisions through the API (issue 7): the office drafts, the Chair previews, signs with confirmation or
sends a dossier back, and the signed PDF and DOCX download with their SHA-256; the same services, rights
and refusals as the pages (decisions.services, decisions.signing)."""

import hashlib

from decisions.models import Decision, DecisionStatus
from dossiers.models import Dossier, DossierState
from tests.api.conftest import body_reasons
from tests.decisions.conftest import key_dir, signing_keys  # noqa: F401 (fixtures: real signing keys)
from tests.decisions.helpers import awaiting
from tests.workflow.helpers import assert_unchanged, snapshot
from workflow.models import AuditEvent

DECISIONS = "/api/v1/decisions/"


def drafted(world, api_as, dossier) -> dict:
    office = api_as(world.canbovhxh)
    award = dossier.nominations.first().award_type
    awardable = office.get(f"{DECISIONS}awardable/", {"award_type": award.pk}).json()
    ids = [row["nomination"] for row in awardable if row["dossier"] == dossier.pk]
    assert ids
    response = office.post(DECISIONS, {"award_type": award.pk, "nominations": ids,
                                       "proposal": "Tờ trình số 15/TTr-VHXH"}, format="json")
    assert response.status_code == 201, response.json()
    return response.json()


def body_bytes(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_office_drafts_chair_previews_signs_and_everyone_downloads(world, api_as):
    dossier = awaiting(world, nominees=("Nguyễn Thị Hoa", "Trần Văn Bình"))
    draft = drafted(world, api_as, dossier)
    assert draft["status"] == DecisionStatus.DRAFT and len(draft["entries"]) == 2
    chair = api_as(world.chutich)

    preview = chair.get(f"{DECISIONS}{draft['id']}/preview/")
    assert preview.status_code == 200 and preview.content.startswith(b"%PDF")
    unsigned = chair.get(f"{DECISIONS}{draft['id']}/files/pdf/")
    assert unsigned.status_code == 409 and "chưa được ký" in body_reasons(unsigned)

    unconfirmed = chair.post(f"{DECISIONS}{draft['id']}/sign/", {"confirm": False}, format="json")
    assert unconfirmed.status_code == 400 and "xác nhận" in body_reasons(unconfirmed)
    before = snapshot(dossier)
    not_the_chair = api_as(world.canbovhxh).post(f"{DECISIONS}{draft['id']}/sign/", {"confirm": True}, format="json")
    assert not_the_chair.status_code == 403 and "không có thẩm quyền" in body_reasons(not_the_chair)
    assert_unchanged(dossier, before)
    stale = chair.post(f"{DECISIONS}{draft['id']}/sign/", {"confirm": True}, format="json",
                       HTTP_IF_MATCH=f'"decision-{draft["id"]}-v99"')
    assert stale.status_code == 412
    assert Decision.objects.get(pk=draft["id"]).status == DecisionStatus.DRAFT

    signed = chair.post(f"{DECISIONS}{draft['id']}/sign/", {"confirm": True}, format="json",
                        HTTP_IF_MATCH=f'"decision-{draft["id"]}-v{draft["version"]}"')
    assert signed.status_code == 200, signed.json()
    body = signed.json()
    assert body["status"] == DecisionStatus.SIGNED and body["number_text"] and body["signer"] == "chutich"
    assert Dossier.objects.get(pk=dossier.pk).state == DossierState.DECIDED
    again = chair.post(f"{DECISIONS}{draft['id']}/sign/", {"confirm": True}, format="json")
    assert again.status_code == 409 and "đã được ký" in body_reasons(again)

    for reader in (world.vanthu, world.kiemtra, world.canbovhxh):
        pdf = api_as(reader).get(f"{DECISIONS}{draft['id']}/files/pdf/")
        content = body_bytes(pdf)
        assert pdf.status_code == 200 and content.startswith(b"%PDF")
        assert pdf["X-Content-SHA256"] == body["pdf_sha256"] == hashlib.sha256(content).hexdigest()
    docx = chair.get(f"{DECISIONS}{draft['id']}/files/docx/")
    assert hashlib.sha256(body_bytes(docx)).hexdigest() == body["docx_sha256"]
    assert chair.get(f"{DECISIONS}{draft['id']}/preview/").status_code == 409


def test_list_filters_and_scope(world, api_as):
    dossier = awaiting(world)
    draft = drafted(world, api_as, dossier)
    office = api_as(world.canbovhxh)
    year = world.campaign.year
    assert [d["id"] for d in office.get(DECISIONS, {"status": "draft", "year": year}).json()["results"]] == [
        draft["id"]]
    assert office.get(DECISIONS, {"status": "signed"}).json()["count"] == 0
    assert office.get(DECISIONS, {"year": year + 1}).json()["count"] == 0
    assert office.get(DECISIONS, {"award_type": world.giay_khen.pk}).json()["count"] == 0
    assert office.get(DECISIONS, {"status": "khac"}).status_code == 400
    # Units and other communes: no decisions of this commune through the API (404 on the detail).
    assert api_as(world.thcs).get(DECISIONS).json()["count"] == 0
    assert api_as(world.thcs).get(f"{DECISIONS}{draft['id']}/").status_code == 404
    assert api_as(world.other_reviewer).get(f"{DECISIONS}{draft['id']}/").status_code == 404


def test_only_the_office_drafts_and_only_awardable_nominees(world, api_as):
    dossier = awaiting(world)
    award = dossier.nominations.first().award_type
    ids = list(dossier.nominations.values_list("pk", flat=True))
    chair = api_as(world.chutich).post(DECISIONS, {"award_type": award.pk, "nominations": ids}, format="json")
    assert chair.status_code == 403 and chair.json()["code"] == "not_allowed"
    submitted = world.ready()
    submitted_ids = list(submitted.nominations.values_list("pk", flat=True))
    refused = api_as(world.canbovhxh).post(DECISIONS, {"award_type": award.pk, "nominations": submitted_ids},
                                           format="json")
    assert refused.status_code == 409 and "không thể được đưa vào quyết định" in body_reasons(refused)
    empty = api_as(world.canbovhxh).post(DECISIONS, {"award_type": award.pk, "nominations": []}, format="json")
    assert empty.json()["fields"]["nominations"] == ["Danh sách phải có ít nhất 1 phần tử."]
    assert not Decision.objects.exists()


def test_chair_sends_a_dossier_back_with_a_reason(world, api_as):
    dossier = awaiting(world)
    draft = drafted(world, api_as, dossier)
    before = snapshot(dossier)
    office = api_as(world.canbovhxh).post(f"{DECISIONS}{draft['id']}/send-back/",
                                          {"dossier": dossier.pk, "reason": "Bổ sung"}, format="json")
    assert office.status_code == 403
    assert_unchanged(dossier, before)
    no_reason = api_as(world.chutich).post(f"{DECISIONS}{draft['id']}/send-back/", {"dossier": dossier.pk},
                                           format="json")
    assert no_reason.status_code == 400 and "reason" in no_reason.json()["fields"]
    sent = api_as(world.chutich).post(f"{DECISIONS}{draft['id']}/send-back/",
                                      {"dossier": dossier.pk, "reason": "Bổ sung xác nhận thành tích"},
                                      format="json")
    assert sent.status_code == 200, sent.json()
    assert sent.json()["entries"] == []
    assert Dossier.objects.get(pk=dossier.pk).state == DossierState.IN_REVIEW
    assert AuditEvent.objects.filter(action="decision_send_back", object_id=str(draft["id"])).exists()


def test_office_edits_a_draft_and_drafts_a_revocation_and_a_correction_of_a_signed_one(world, api_as):
    dossier = awaiting(world, nominees=("Nguyễn Thị Hoa", "Trần Văn Bình"))
    draft = drafted(world, api_as, dossier)
    office, chair = api_as(world.canbovhxh), api_as(world.chutich)
    url = f"{DECISIONS}{draft['id']}/"
    assert chair.patch(url, {"summary": "Trích yếu khác"}, format="json").status_code == 403
    first = draft["entries"][0]["nomination"]["nomination"]
    edited = office.patch(url, {"nominations": [first], "summary": "Về việc tặng danh hiệu Lao động tiên tiến"},
                          format="json", HTTP_IF_MATCH=f'"decision-{draft["id"]}-v{draft["version"]}"')
    assert edited.status_code == 200, edited.json()
    assert [e["nomination"]["nomination"] for e in edited.json()["entries"]] == [first]
    assert len(edited.json()["left_out"]) == 1  # the other nominee: not awarded if signed as is
    assert office.patch(url, {"summary": "Cũ"}, format="json", HTTP_IF_MATCH=f'"decision-{draft["id"]}-v1"'
                        ).status_code == 412
    assert chair.post(f"{url}sign/", {"confirm": True}, format="json").status_code == 200
    assert office.patch(url, {"summary": "Sau khi ký"}, format="json").status_code == 409

    revocation = office.post(f"{url}revocations/", {"nominations": [first], "reason": "Khai man thành tích",
                                                   "legal_ground": "Điểm a khoản 2 Điều 94"}, format="json")
    assert revocation.status_code == 201, revocation.json()
    assert (revocation.json()["kind"], revocation.json()["original"]) == ("revocation", draft["id"])
    no_ground = office.post(f"{url}revocations/", {"nominations": [first], "reason": "Khai man", "legal_ground": ""},
                            format="json")
    assert no_ground.status_code == 400 and "legal_ground" in no_ground.json()["fields"]
    correction = office.post(f"{url}corrections/", {"kind": "correction", "content": "Sửa ngày sinh"}, format="json")
    assert correction.status_code == 201 and correction.json()["kind"] == "correction"
    assert chair.post(f"{url}corrections/", {"kind": "correction", "content": "Sửa"}, format="json").status_code == 403
    signed = chair.post(f"{DECISIONS}{revocation.json()['id']}/sign/", {"confirm": True}, format="json")
    assert signed.status_code == 200, signed.json()
    assert Dossier.objects.get(pk=dossier.pk).state == DossierState.REVOKED
