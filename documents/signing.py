"""PAdES signatures on our PDFs with pyHanko: sign with a visible stamp, validate against the configured CA.

The stamp is a small PDF drawn with the shipped font (pyHanko's own text stamps cannot show Vietnamese
without HarfBuzz), showing the signer, the organisation and the time in ISO 8601 +07:00, as the
organisation-signature text of Nghị định 30/2020 Phụ lục I and the seed plan's footer do.
Each signature is an incremental update, so the signer's signature stays valid under the organisation's.
"""

import binascii
import datetime
import io
import uuid
from dataclasses import dataclass

from asn1crypto import x509 as asn1_x509
from cryptography.hazmat.primitives.serialization import Encoding
from django.utils.translation import gettext as _
from fpdf import FPDF
from pyhanko.pdf_utils import content, layout
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields, signers
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.stamp import StaticStampStyle
from pyhanko_certvalidator import ValidationContext

from documents import keys
from documents.formatting import VIETNAM, local_iso
from documents.pdf import FONT, MM_TO_PT, StampBox, font_dir

BLUE, RED = (0, 51, 153), (192, 0, 0)


class _PdfBytesPage(content.PdfContent):
    """pyHanko's ImportedPdfPage, reading from memory instead of a file."""

    def __init__(self, data: bytes):
        self.data = data
        super().__init__()

    def render(self) -> bytes:
        writer = self._ensure_writer
        xobject = writer.import_page_as_xobject(PdfFileReader(io.BytesIO(self.data)), page_ix=0)
        name = "/Import" + binascii.hexlify(uuid.uuid4().bytes).decode()
        self.resources.xobject[name] = xobject
        x1, y1, x2, y2 = xobject.get_object()["/BBox"]
        self.box = layout.BoxConstraints(width=abs(x1 - x2), height=abs(y1 - y2))
        return name.encode() + b" Do"


def stamp_pdf(lines: list[str], box: StampBox, colour: tuple[int, int, int]) -> bytes:
    """A one-page PDF the size of `box`: a thin frame and the stamp's lines in the shipped serif font."""
    x1, y1, x2, y2 = box.box
    width, height = (x2 - x1) / MM_TO_PT, (y2 - y1) / MM_TO_PT
    pdf = FPDF(unit="mm", format=(width, height))
    pdf.add_font(FONT, "", str(font_dir() / "LiberationSerif-Regular.ttf"))
    pdf.add_font(FONT, "B", str(font_dir() / "LiberationSerif-Bold.ttf"))
    pdf.set_margins(1.5, 1.5, 1.5)
    pdf.set_auto_page_break(False)
    pdf.add_page()
    pdf.set_draw_color(*colour)
    pdf.set_text_color(*colour)
    pdf.set_line_width(0.3)
    pdf.rect(0.3, 0.3, width - 0.6, height - 0.6)
    line_height = (height - 3) / max(len(lines), 1)
    for index, line in enumerate(lines):
        style = "B" if index == 0 else ""
        size = min(9.0, line_height * 2.2)
        pdf.set_font(FONT, style, size)
        while pdf.get_string_width(line) > width - 3 and size > 5:
            size -= 0.5
            pdf.set_font(FONT, style, size)
        pdf.set_xy(1.5, 1.5 + index * line_height)
        pdf.cell(width - 3, line_height, line, align="C")
    return bytes(pdf.output())


def sign(
    pdf: bytes,
    key: keys.KeyPair,
    *,
    field_name: str,
    box: StampBox,
    lines: list[str],
    colour=BLUE,
    reason: str = "",
    location: str = "",
) -> bytes:
    """Add one PAdES signature (incremental update) with a visible stamp in `box`; return the new PDF."""
    signer = signers.SimpleSigner.load_pkcs12_data(key.pkcs12, other_certs=[], passphrase=keys.passphrase())
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
    fields.append_signature_field(writer, fields.SigFieldSpec(field_name, on_page=box.page, box=box.box))
    meta = signers.PdfSignatureMetadata(
        field_name=field_name,
        subfilter=fields.SigSeedSubFilter.PADES,
        md_algorithm="sha256",
        reason=reason or None,
        location=location or None,
        name=key.common_name,
    )
    style = StaticStampStyle(background=_PdfBytesPage(stamp_pdf(lines, box, colour)), border_width=0)
    out = signers.PdfSigner(meta, signer=signer, stamp_style=style).sign_pdf(writer)
    return out.getvalue()


def stamp_lines(signer: str, organisation: str, moment: datetime.datetime) -> list[str]:
    """The stamp's text: who signed, for which organisation, when (ISO 8601, +07:00)."""
    return [f"Ký bởi: {signer}", f"Cơ quan: {organisation}", f"Thời gian ký: {local_iso(moment)}"]


@dataclass(frozen=True)
class SignatureReport:
    """What validation found about one signature."""

    field: str
    signer: str
    signed_at: datetime.datetime | None
    intact: bool
    valid: bool
    trusted: bool
    covers_whole_file: bool
    changes_allowed: bool = False  # what was added after this signature is only further signatures
    problem: str = ""

    @property
    def ok(self) -> bool:
        return self.intact and self.valid and self.trusted and self.changes_allowed

    @property
    def signed_at_local(self) -> str:
        return local_iso(self.signed_at) if self.signed_at else ""


@dataclass(frozen=True)
class ValidationReport:
    signatures: tuple[SignatureReport, ...]
    problem: str = ""

    @property
    def ok(self) -> bool:
        return bool(self.signatures) and not self.problem and all(s.ok for s in self.signatures)


def _context() -> ValidationContext:
    root = asn1_x509.Certificate.load(keys.ca_certificate().public_bytes(Encoding.DER))
    # Offline: a commune network may not reach the CA; our demo CA publishes no revocation lists.
    return ValidationContext(trust_roots=[root], allow_fetching=False, revocation_mode="soft-fail")


def validate(pdf: bytes) -> ValidationReport:
    """Check every signature of `pdf`: intact, cryptographically valid, chained to the configured CA."""
    try:
        reader = PdfFileReader(io.BytesIO(pdf), strict=False)
        embedded = list(reader.embedded_signatures)
    except Exception as exc:  # noqa: BLE001 - any parse failure means "not a readable signed PDF"
        problem = _("Không đọc được tệp PDF: %(error)s") % {"error": exc.__class__.__name__}
        return ValidationReport(signatures=(), problem=problem)
    if not embedded:
        return ValidationReport(signatures=(), problem=_("Tệp PDF không có chữ ký số."))
    context = _context()
    reports = []
    for signature in embedded:
        try:
            status = validate_pdf_signature(signature, context)
            signed_at = status.signer_reported_dt
            reports.append(
                SignatureReport(
                    field=signature.field_name,
                    signer=status.signing_cert.subject.native.get("common_name", ""),
                    signed_at=signed_at.astimezone(VIETNAM) if signed_at else None,
                    intact=status.intact,
                    valid=status.valid,
                    trusted=status.trusted,
                    covers_whole_file=signature.coverage.name == "ENTIRE_FILE",
                    changes_allowed=status.bottom_line,
                )
            )
        except Exception as exc:  # noqa: BLE001 - a damaged signature is a finding, not a crash
            reports.append(
                SignatureReport(
                    field=signature.field_name, signer="", signed_at=None, intact=False, valid=False,
                    trusted=False, covers_whole_file=False, problem=exc.__class__.__name__,
                )
            )
    return ValidationReport(signatures=tuple(reports))
