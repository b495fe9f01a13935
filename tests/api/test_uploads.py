"""Documents through the API: the pages' validation (content-detected type, size limit, never an
overwrite). A refused file gets 400 with a clear Vietnamese message and stores nothing: no row, no file,
no audit event, no new version (issue 7; DESIGN §3 Attachment)."""

from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile

from dossiers.models import Attachment
from tests.conftest import MINIMAL_PDF
from workflow.models import AuditEvent


def _stored_files() -> set[Path]:
    return {p for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file()}


def _upload(client, dossier, content, name="to-trinh.pdf", kind="to_trinh", **extra):
    upload = SimpleUploadedFile(name, content, content_type="application/pdf")
    return client.post(f"/api/v1/dossiers/{dossier.pk}/attachments/", {"kind": kind, "file": upload, **extra},
                       format="multipart")


def test_officer_can_upload_and_download_a_pdf(world, api_as):
    dossier = world.draft()
    client = api_as(world.thcs)
    response = _upload(client, dossier, MINIMAL_PDF)
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["content_type"], body["size"], body["version"], body["current"]) == (
        "application/pdf", len(MINIMAL_PDF), 1, True)
    download = client.get(f"/api/v1/dossiers/{dossier.pk}/attachments/{body['id']}/download/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == MINIMAL_PDF
    assert download["X-Content-SHA256"] == body["sha256"]
    event = AuditEvent.objects.get(stream=dossier.audit_stream, action="attachment_uploaded")
    assert event.data["sha256"] == body["sha256"]


def test_replacement_is_a_new_version_and_the_old_one_stays(world, api_as):
    dossier = world.draft()
    client = api_as(world.thcs)
    first = _upload(client, dossier, MINIMAL_PDF).json()
    second = _upload(client, dossier, MINIMAL_PDF + b"% v2\n", replaces=first["id"]).json()
    assert (second["version"], second["supersedes"]) == (2, first["id"])
    listed = {a["id"]: a["current"] for a in client.get(f"/api/v1/dossiers/{dossier.pk}/attachments/").json()}
    assert listed == {first["id"]: False, second["id"]: True}


@pytest.mark.parametrize(("content", "message"), [
    (b"MZ\x90\x00" + b"\x00" * 64, "Tệp không đúng định dạng cho phép. Chỉ nhận PDF, DOCX, XLSX, JPEG hoặc PNG"),
    (b"", "Tệp rỗng"),
])
def test_wrong_type_upload_gets_400_and_stores_nothing(world, api_as, content, message):
    dossier = world.draft()
    before = (Attachment.objects.count(), _stored_files(), AuditEvent.objects.count(), dossier.version)
    response = _upload(api_as(world.thcs), dossier, content, name="to-trinh.pdf")
    assert response.status_code == 400
    assert message in response.json()["message"]
    dossier.refresh_from_db()
    assert (Attachment.objects.count(), _stored_files(), AuditEvent.objects.count(), dossier.version) == before


def test_oversize_upload_gets_400_and_stores_nothing(world, api_as, settings):
    settings.ATTACHMENT_MAX_BYTES = 1024
    dossier = world.draft()
    before = (Attachment.objects.count(), _stored_files(), AuditEvent.objects.count(), dossier.version)
    response = _upload(api_as(world.thcs), dossier, MINIMAL_PDF + b"%" * 2048)
    assert response.status_code == 400
    assert response.json()["code"] == "file_refused"
    assert "Tệp quá lớn" in response.json()["message"]
    assert "dung lượng tối đa" in response.json()["message"]
    dossier.refresh_from_db()
    assert (Attachment.objects.count(), _stored_files(), AuditEvent.objects.count(), dossier.version) == before


def test_upload_without_a_file_gets_400_naming_the_field(world, api_as):
    dossier = world.draft()
    response = api_as(world.thcs).post(f"/api/v1/dossiers/{dossier.pk}/attachments/", {"kind": "to_trinh"},
                                       format="multipart")
    assert response.status_code == 400
    assert "file" in response.json()["fields"]
    assert not Attachment.objects.filter(dossier=dossier).exists()


def test_other_unit_cannot_upload_to_the_dossier(world, api_as):
    dossier = world.draft()
    response = _upload(api_as(world.doantn), dossier, MINIMAL_PDF)
    assert response.status_code == 404
    assert not Attachment.objects.filter(dossier=dossier).exists()
