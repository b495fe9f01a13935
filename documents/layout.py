"""What an administrative document says, in the parts of Nghị định 30/2020 Art. 8 (DOMAIN §6).

Plain data, no rendering: `documents.pdf` and `documents.docx` lay the same `Document` out on A4.
Decisions and council minutes build one of these; text is given as it should print (capitals where
the decree wants capitals), so the renderers never change wording.
"""

from dataclasses import dataclass, field

NATIONAL_TITLE = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
NATIONAL_MOTTO = "Độc lập - Tự do - Hạnh phúc"


@dataclass(frozen=True)
class IssuerBlock:
    """Top left: the parent authority (regular, may be empty) and the issuer's name (bold, may span lines).

    A commune decision: parent "" and name "ỦY BAN NHÂN DÂN\\nXÃ NGUYỄN LƯƠNG BẰNG"; council minutes:
    parent "UBND XÃ NGUYỄN LƯƠNG BẰNG" and name "HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG".
    """

    name: str
    parent: str = ""


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of the body, justified with a first-line indent unless `centered`."""

    text: str
    bold: bool = False
    italic: bool = False
    centered: bool = False


@dataclass(frozen=True)
class LegalBasis:
    """One "Căn cứ …;" line (italic, indented), or the "Xét đề nghị …" line that closes them."""

    text: str


@dataclass(frozen=True)
class Article:
    """"Điều 1. <text>": the label bold, the text as a paragraph; `items` print as indented lines under it."""

    number: int
    text: str
    items: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        return f"Điều {self.number}."


@dataclass(frozen=True)
class Table:
    """A table with one header row; `widths` are relative (they are scaled to the text width)."""

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[float, ...] = ()

    def column_widths(self, total: float) -> list[float]:
        weights = list(self.widths) if self.widths else [1.0] * len(self.header)
        scale = total / sum(weights)
        return [w * scale for w in weights]


Block = Paragraph | LegalBasis | Article | Table


@dataclass(frozen=True)
class SignatureColumn:
    """One signature: mode lines ("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"), then the signer's name.

    The space between them is where the signature (image or digital stamp) goes.
    """

    mode_lines: tuple[str, ...]
    name: str


@dataclass(frozen=True)
class Annex:
    """An attached list on pages of its own: a title (bold capitals), lines under it (italic), a table."""

    title: str
    subtitle_lines: tuple[str, ...] = ()
    table: Table | None = None
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Document:
    """An administrative document in the layout of Nghị định 30/2020 Phụ lục I."""

    issuer: IssuerBlock
    number_text: str  # "05/QĐ-UBND"; printed "Số: 05/QĐ-UBND"
    place_date: str  # "Nguyễn Lương Bằng, ngày 05 tháng 01 năm 2026"
    type_title: str  # "QUYẾT ĐỊNH", "BIÊN BẢN"
    summary: str  # trích yếu, e.g. "Về việc tặng danh hiệu Lao động tiên tiến năm 2025"
    authority_line: str = ""  # under the summary, e.g. "CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ NGUYỄN LƯƠNG BẰNG"
    body: tuple[Block, ...] = ()
    signatures: tuple[SignatureColumn, ...] = ()
    recipients: tuple[str, ...] = ()  # "Nơi nhận" entries, each printed after "- "
    annexes: tuple[Annex, ...] = ()
    footer: str = ""  # small print at the foot of the last body page (e.g. the audit checkpoint digest)
    title: str = field(default="", compare=False)  # PDF/DOCX metadata title; defaults to type + summary

    @property
    def number_line(self) -> str:
        return f"Số: {self.number_text}"

    @property
    def metadata_title(self) -> str:
        return self.title or f"{self.type_title} {self.number_text} {self.summary}".strip()
