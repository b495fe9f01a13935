"""Uploads: a file is recognised by its content, never by its name (PDF, DOCX, XLSX, JPEG, PNG only).

Refused files get a clear Vietnamese message and leave nothing behind: no Attachment row, no file in
MEDIA_ROOT, no audit event, no new dossier version. A replacement is a new version that supersedes
the old one, which stays as it was (DESIGN §3 dossiers.Attachment: "Files are never overwritten").
Only the owning unit uploads, and only while the dossier is a draft or returned.
"""

import io
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from dossiers import services
from dossiers.models import Attachment, DossierState
from dossiers.uploads import DOCX, JPEG, PDF, PNG, XLSX, UnsupportedFile
from tests.conftest import MINIMAL_PDF
from tests.workflow import helpers
from tests.workflow.helpers import snapshot
from workflow.engine import ActionNotAllowed, Conflict, GuardFailed
from workflow.models import AuditEvent

S = DossierState
WRONG_TYPE = "Tệp không đúng định dạng cho phép. Chỉ nhận PDF, DOCX, XLSX, JPEG hoặc PNG"

PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 32
JPEG_BYTES = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 32
ELF_BYTES = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 64
MZ_BYTES = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 64


def _package(parts: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in parts.items():
            package.writestr(name, data)
    return buffer.getvalue()


def _content_types(main: str) -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        f'<Override PartName="/x" ContentType="{main}"/></Types>'
    ).encode()


WORD_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
DOCX_BYTES = _package({
    "[Content_Types].xml": _content_types(WORD_MAIN),
    "word/document.xml": b"<w:document/>",
})
XLSX_BYTES = _package({
    "[Content_Types].xml": _content_types("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"),
    "xl/workbook.xml": b"<workbook/>",
})
DOCM_BYTES = _package({
    "[Content_Types].xml": _content_types("application/vnd.ms-word.document.macroEnabled.main+xml"),
    "word/document.xml": b"<w:document/>",
    "word/vbaProject.bin": b"\x00" * 16,
})
PLAIN_ZIP_BYTES = _package({"readme.txt": b"Khong phai tai lieu van phong"})
BROKEN_ZIP_BYTES = b"PK\x03\x04" + b"\x14\x00\x00\x00" + b"hong" * 20


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    return tmp_path


def _files(root: Path) -> set[Path]:
    return {p for p in root.rglob("*") if p.is_file()}


def _upload(world, dossier, content, name, kind="to_trinh", actor=None, **kwargs):
    return services.attachment_upload(
        dossier=dossier, actor=actor or world.thcs, kind=kind, upload=SimpleUploadedFile(name, content), **kwargs
    )


def _assert_refused(error, media, world, dossier, content, name, message, **kwargs):
    before = snapshot(dossier)
    rows, files = Attachment.objects.count(), _files(media)
    with pytest.raises(error) as refused:
        _upload(world, dossier, content, name, **kwargs)
    assert message in str(refused.value)
    assert Attachment.objects.count() == rows
    assert _files(media) == files
    assert snapshot(dossier) == before
    assert AuditEvent.objects.count() == before.events


# Accepted types -----------------------------------------------------------------------------------

@pytest.mark.parametrize(("content", "name", "content_type", "extension"), [
    (MINIMAL_PDF, "to-trinh.pdf", PDF, ".pdf"),
    (PNG_BYTES, "anh-chup.png", PNG, ".png"),
    (JPEG_BYTES, "anh-chup.jpg", JPEG, ".jpg"),
    (DOCX_BYTES, "to-trinh.docx", DOCX, ".docx"),
    (XLSX_BYTES, "danh-sach.xlsx", XLSX, ".xlsx"),
], ids=["pdf", "png", "jpeg", "docx", "xlsx"])
def test_unit_officer_can_upload_accepted_type(media, world, content, name, content_type, extension):
    dossier = world.draft()
    before = snapshot(dossier)
    attachment = _upload(world, dossier, content, name)
    assert (attachment.content_type, attachment.size, attachment.version) == (content_type, len(content), 1)
    assert attachment.original_name == name
    assert attachment.file.name.endswith(extension)
    assert (media / attachment.file.name).read_bytes() == content
    event = AuditEvent.objects.filter(stream=dossier.audit_stream).last()
    assert (event.action, event.data["sha256"], event.data["content_type"]) == (
        "attachment_uploaded", attachment.sha256, content_type,
    )
    assert snapshot(dossier).version == before.version + 1


def test_unit_officer_can_upload_png_named_pdf_and_it_is_stored_as_png(media, world):
    """The stored name carries the detected type, never the uploader's extension."""
    attachment = _upload(world, world.draft(), PNG_BYTES, "bao-cao.pdf")
    assert attachment.content_type == PNG
    assert attachment.file.name.endswith(".png")


# Refused files ------------------------------------------------------------------------------------

@pytest.mark.parametrize(("content", "name", "message"), [
    ("Báo cáo thành tích năm 2025".encode(), "bao-cao.txt", WRONG_TYPE),
    ("Báo cáo thành tích năm 2025".encode(), "bao-cao.pdf", WRONG_TYPE),
    (ELF_BYTES, "bao-cao.pdf", WRONG_TYPE),
    (MZ_BYTES, "bao-cao.pdf", WRONG_TYPE),
    (PLAIN_ZIP_BYTES, "bao-cao.docx", WRONG_TYPE),
    (BROKEN_ZIP_BYTES, "bao-cao.docx", WRONG_TYPE),
    (DOCM_BYTES, "bao-cao.docx", "Tệp Word/Excel có chứa macro (mã lệnh) nên không được chấp nhận."),
    (b"", "bao-cao.pdf", "Tệp rỗng, không có nội dung."),
], ids=["text", "text-named-pdf", "elf-named-pdf", "mz-named-pdf", "plain-zip", "broken-zip", "macro-docx", "empty"])
def test_unit_officer_cannot_upload_unsupported_file(media, world, content, name, message):
    dossier = world.draft()
    _assert_refused(UnsupportedFile, media, world, dossier, content, name, message)


def test_unit_officer_cannot_upload_file_over_the_size_limit(media, settings, world):
    settings.ATTACHMENT_MAX_BYTES = 64
    dossier = world.draft()
    _assert_refused(UnsupportedFile, media, world, dossier, MINIMAL_PDF, "to-trinh.pdf", "Tệp quá lớn")


def test_unit_officer_cannot_upload_stream_of_unknown_size_over_the_limit(media, settings, world):
    """A stream without a declared size is read only up to the limit, then refused."""
    settings.ATTACHMENT_MAX_BYTES = 64
    dossier = world.draft()
    before = snapshot(dossier)
    stream = io.BytesIO(MINIMAL_PDF)
    stream.name = "to-trinh.pdf"
    with pytest.raises(UnsupportedFile, match="Tệp quá lớn"):
        services.attachment_upload(dossier=dossier, actor=world.thcs, kind="to_trinh", upload=stream)
    assert not Attachment.objects.exists()
    assert _files(media) == set()
    assert snapshot(dossier) == before


def test_unit_officer_can_upload_file_exactly_at_the_size_limit(media, settings, world):
    settings.ATTACHMENT_MAX_BYTES = len(MINIMAL_PDF)
    assert _upload(world, world.draft(), MINIMAL_PDF, "to-trinh.pdf").size == len(MINIMAL_PDF)


# Versions ------------------------------------------------------------------------------------------

def test_unit_officer_can_upload_new_version_that_supersedes_the_old(media, world):
    dossier = world.draft()
    first = _upload(world, dossier, MINIMAL_PDF, "to-trinh.pdf")
    first_row = Attachment.objects.filter(pk=first.pk).values().get()
    second = _upload(world, dossier, DOCX_BYTES, "to-trinh-sua.docx", replaces=first)
    assert (second.version, second.supersedes_id) == (2, first.pk)
    assert Attachment.objects.filter(pk=first.pk).values().get() == first_row
    assert (media / first.file.name).read_bytes() == MINIMAL_PDF
    assert (media / second.file.name).read_bytes() == DOCX_BYTES
    assert AuditEvent.objects.filter(stream=dossier.audit_stream).last().data["supersedes"] == first.pk


def test_unit_officer_cannot_replace_attachment_already_superseded(media, world):
    dossier = world.draft()
    first = _upload(world, dossier, MINIMAL_PDF, "to-trinh.pdf")
    _upload(world, dossier, MINIMAL_PDF, "to-trinh-v2.pdf", replaces=first)
    _assert_refused(Conflict, media, world, dossier, MINIMAL_PDF, "to-trinh-v3.pdf",
                    "Tài liệu cần thay thế đã có phiên bản mới hơn", replaces=first)


def test_unit_officer_cannot_replace_attachment_of_another_dossier(media, world):
    other = world.draft(title="Hồ sơ khác")
    theirs = _upload(world, other, MINIMAL_PDF, "to-trinh.pdf")
    dossier = world.draft()
    _assert_refused(Conflict, media, world, dossier, MINIMAL_PDF, "to-trinh.pdf",
                    "không thuộc hồ sơ này", replaces=theirs)


# Who and when --------------------------------------------------------------------------------------

def test_unit_officer_can_upload_to_returned_dossier(media, world):
    dossier = helpers.to_state(world, helpers.make(world), S.RETURNED)
    assert _upload(world, dossier, MINIMAL_PDF, "bien-ban-bo-sung.pdf", kind="bien_ban_binh_xet").pk


@pytest.mark.parametrize("state", [S.SUBMITTED, S.IN_REVIEW, S.AWAITING_DECISION])
def test_unit_officer_cannot_upload_outside_draft_or_returned(media, world, state):
    dossier = helpers.to_state(world, helpers.make(world), state)
    label = S(state).label
    _assert_refused(GuardFailed, media, world, dossier, MINIMAL_PDF, "to-trinh.pdf",
                    f"Hồ sơ đang ở trạng thái «{label}», không thể chỉnh sửa.")


@pytest.mark.parametrize("persona", ["doantn", "canbovhxh", "chutich", "quantri", "other_officer"])
def test_persona_outside_the_unit_cannot_upload(media, world, persona):
    dossier = world.draft()
    _assert_refused(ActionNotAllowed, media, world, dossier, MINIMAL_PDF, "to-trinh.pdf",
                    "Bạn không có quyền", actor=getattr(world, persona))


def test_unit_officer_cannot_upload_nominee_document_without_nominee(media, world):
    dossier = world.draft()
    _assert_refused(GuardFailed, media, world, dossier, MINIMAL_PDF, "bao-cao.pdf",
                    "«Báo cáo thành tích» phải gắn với một người được đề nghị.", kind="bao_cao_thanh_tich")


def test_unit_officer_cannot_upload_for_nominee_of_another_dossier(media, world):
    stranger = helpers.make(world, unit=world.thcs_unit).nominations.get()
    dossier = world.draft(title="Hồ sơ thứ hai")
    _assert_refused(GuardFailed, media, world, dossier, MINIMAL_PDF, "bao-cao.pdf",
                    "Người được đề nghị không thuộc hồ sơ này.", kind="bao_cao_thanh_tich", nomination=stranger)


def test_unit_officer_cannot_upload_unknown_document_kind(media, world):
    dossier = world.draft()
    _assert_refused(GuardFailed, media, world, dossier, MINIMAL_PDF, "x.pdf", "Loại tài liệu không hợp lệ.",
                    kind="hop_dong")
