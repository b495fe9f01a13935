"""Recognise an uploaded file by its content, never by its name: PDF, DOCX, XLSX, JPEG and PNG only."""

import zipfile

from django.utils.translation import gettext as _

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
JPEG = "image/jpeg"
PNG = "image/png"

EXTENSIONS = {PDF: ".pdf", DOCX: ".docx", XLSX: ".xlsx", JPEG: ".jpg", PNG: ".png"}


class UnsupportedFile(ValueError):
    """The content is not one of the accepted document types."""


def detect(upload) -> str:
    """Return the MIME type of an accepted file, or raise UnsupportedFile with a Vietnamese message."""
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"PK\x03\x04"):
        kind = _office_kind(upload)
        upload.seek(0)
        if kind:
            return kind
    raise UnsupportedFile(
        _("Tệp không đúng định dạng cho phép. Chỉ nhận PDF, DOCX, XLSX, JPEG hoặc PNG (nhận biết theo nội dung tệp).")
    )


def _office_kind(upload) -> str | None:
    """A DOCX or XLSX is a ZIP package whose content types name the main document part."""
    try:
        with zipfile.ZipFile(upload) as package:
            names = set(package.namelist())
            if "[Content_Types].xml" not in names:
                return None
            if "word/document.xml" in names:
                return DOCX
            if "xl/workbook.xml" in names:
                return XLSX
    except (zipfile.BadZipFile, OSError, EOFError):
        return None
    return None
