"""The worked example of docs/api.md, "Scripting the whole lifecycle with tokens", performed exactly: each
system holds a token for its own account, and a dossier goes from creation to a signed decision and an
offline-verified export over HTTP only. If the example in the docs stops working, this test fails."""

import hashlib

from api import offline_verify
from dossiers.models import NOMINATION_DOCUMENT_KINDS
from tests.conftest import pdf_upload
from tests.council.conftest import MEETING_DAY
from tests.decisions.conftest import key_dir, signing_keys  # noqa: F401 (fixtures: real signing keys)

A = "/api/v1"


def ok(response, status=200):
    assert response.status_code == status, (response.status_code, response.content[:500])
    return response.json() if response["Content-Type"].startswith("application/json") else response


def test_whole_lifecycle_with_tokens(council, token_client, tmp_path):
    world = council.world
    tokens = {name: token_client(world.quantri, getattr(world, name), world.commune)
              for name in ("canbovhxh", "vhxh", "chutich", "kiemtra")}
    unit = token_client(world.quantri, world.thcs, world.thcs_unit)
    office, secretary, chair, auditor = (tokens[n] for n in ("canbovhxh", "vhxh", "chutich", "kiemtra"))
    award = world.lao_dong_tien_tien

    # 1. The unit's system: create, add a nominee, upload what the award requires, submit.
    dossier = ok(unit.post(f"{A}/dossiers/", {"unit": world.thcs_unit.pk, "campaign": world.campaign.pk,
                                              "title": "Đề nghị Lao động tiên tiến năm 2025"}, format="json"), 201)
    pk = dossier["id"]
    nominee = ok(unit.post(f"{A}/dossiers/{pk}/nominations/", {"award_type": award.pk,
                                                               "new_person_name": "Nguyễn Thị Hoa"},
                           format="json"), 201)
    required = ok(unit.get(f"{A}/award-types/{award.pk}/"))["required_documents"][dossier["kind"]]
    for kind in required:
        body = {"kind": kind, "file": pdf_upload(f"{kind}.pdf")}
        if kind in NOMINATION_DOCUMENT_KINDS:
            body["nomination"] = nominee["id"]
        ok(unit.post(f"{A}/dossiers/{pk}/attachments/", body, format="multipart"), 201)
    actions = {a["action"]: a for a in ok(unit.get(f"{A}/dossiers/{pk}/actions/"))}
    assert actions["submit"]["blocked"] is False, actions["submit"]["blocked_reasons"]
    etag = unit.get(f"{A}/dossiers/{pk}/")["ETag"]
    ok(unit.post(f"{A}/dossiers/{pk}/actions/submit/", {}, format="json", HTTP_IF_MATCH=etag))

    # 2. The office: take, assess the nominee, forward to the council.
    ok(office.post(f"{A}/dossiers/{pk}/actions/take/", {}, format="json"))
    ok(office.post(f"{A}/dossiers/{pk}/actions/assess_nomination/", {"nomination": nominee["id"], "eligible": True},
                   format="json"))
    ok(office.post(f"{A}/dossiers/{pk}/actions/forward_to_council/", {}, format="json"))

    # 3. The council secretary: a session, the dossier on its agenda, attendance, open.
    session = ok(secretary.post(f"{A}/council/sessions/", {"title": "Phiên họp xét khen thưởng năm 2025",
                                                           "meeting_date": MEETING_DAY.isoformat(),
                                                           "place": "Hội trường UBND xã"}, format="json"), 201)
    sid = session["id"]
    ok(secretary.post(f"{A}/council/sessions/{sid}/agenda/", {"dossier": pk}, format="json"))
    present = [m["user"] for m in session["members"]]
    ok(secretary.post(f"{A}/council/sessions/{sid}/attendance/", {"present": present}, format="json"))
    ok(secretary.post(f"{A}/council/sessions/{sid}/open/", {}, format="json"))

    # 4. Each member votes once with their own token (here: all agree), and keeps the receipt.
    for member in council.members:
        voter = token_client(world.quantri, member, world.commune)
        form = ok(voter.get(f"{A}/council/sessions/{sid}/ballot/"))
        assert form["can_vote"]
        choices = {item["id"]: "agree" for item in form["items"] if not item["recused"]}
        ok(voter.post(f"{A}/council/sessions/{sid}/ballot/", {"choices": choices}, format="json"), 201)
    ok(secretary.post(f"{A}/council/sessions/{sid}/close/", {"confirm": True}, format="json"))
    results = ok(secretary.get(f"{A}/council/sessions/{sid}/results/"))
    assert [item["result"] for item in results["items"]] == ["passed"]

    # 5. The office drafts the decision; the Chair previews and signs it.
    awardable = ok(office.get(f"{A}/decisions/awardable/", {"award_type": award.pk}))
    decision = ok(office.post(f"{A}/decisions/", {"award_type": award.pk,
                                                  "nominations": [row["nomination"] for row in awardable]},
                              format="json"), 201)
    assert ok(chair.get(f"{A}/decisions/{decision['id']}/preview/")).content.startswith(b"%PDF")
    etag = chair.get(f"{A}/decisions/{decision['id']}/")["ETag"]
    signed = ok(chair.post(f"{A}/decisions/{decision['id']}/sign/", {"confirm": True}, format="json",
                           HTTP_IF_MATCH=etag))
    assert signed["status"] == "signed" and ok(office.get(f"{A}/dossiers/{pk}/"))["state"] == "decided"

    # 6. Download the signed PDF; export the dossier with its files and verify it offline; check the log.
    pdf = ok(office.get(f"{A}/decisions/{decision['id']}/files/pdf/"))
    assert hashlib.sha256(b"".join(pdf.streaming_content)).hexdigest() == signed["pdf_sha256"]
    export = ok(office.get(f"{A}/dossiers/{pk}/export/"))
    files = tmp_path / "tai-lieu"
    files.mkdir()
    for attachment in export["attachments"]:
        download = office.get(f"{A}/dossiers/{pk}/attachments/{attachment['id']}/download/")
        (files / f"{attachment['id']}.pdf").write_bytes(b"".join(download.streaming_content))
    notes, problems = offline_verify.verify(export, files)
    assert problems == [] and "signature checked" in notes[-1]
    assert ok(auditor.get(f"{A}/audit/verify/"))["intact"] is True
