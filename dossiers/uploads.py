"""Recognise an uploaded file by its content, never by its name: PDF, DOCX, XLSX, JPEG and PNG only."""

import zipfile

from django.utils.translation import gettext as _

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
JPEG = "image/jpeg"
PNG = "image/png"

EXTENSIONS = {PDF: ".pdf", DOCX: ".docx", XLSX: ".xlsx", JPEG: ".jpg", PNG: ".png"}
# The formats a rendered document (a decision, the minutes) downloads in, by the name its address uses.
RENDERED_FORMATS = {"pdf": PDF, "docx": DOCX}


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


# Enough for any real [Content_Types].xml; a larger one is not an office document we accept.
_CONTENT_TYPES_LIMIT = 256 * 1024


def _office_kind(upload) -> str | None:
    """A DOCX or XLSX is a ZIP package whose content types name the main document part.

    Macro-enabled packages (DOCM/XLSM renamed, or any package carrying a VBA project) are refused:
    a document that runs code is not a document of record.
    """
    try:
        with zipfile.ZipFile(upload) as package:
            names = set(package.namelist())
            if "[Content_Types].xml" not in names:
                return None
            if "word/document.xml" in names:
                kind = DOCX
            elif "xl/workbook.xml" in names:
                kind = XLSX
            else:
                return None
            with package.open("[Content_Types].xml") as content_types:
                declared = content_types.read(_CONTENT_TYPES_LIMIT + 1)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, RuntimeError, ValueError, NotImplementedError):
        return None
    if len(declared) > _CONTENT_TYPES_LIMIT:
        return None
    if b"macroenabled" in declared.lower() or any(name.lower().endswith("vbaproject.bin") for name in names):
        raise UnsupportedFile(
            _(
                "Tệp Word/Excel có chứa macro (mã lệnh) nên không được chấp nhận. "
                "Hãy lưu lại dạng DOCX hoặc XLSX thông thường."
            )
        )
    return kind
