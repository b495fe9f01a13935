"""Render a `layout.Document` to PDF with fpdf2, in the layout of Nghị định 30/2020 Phụ lục I.

A4; margins top 20, bottom 20, left 30, right 15 mm; Liberation Serif (Times-metric, SIL OFL, full
Vietnamese coverage) embedded as a subset; page numbers centred in the top margin from page 2.
`render_with_placements` also says where each signature column leaves room for a signature, so
`decisions.signing` can put the visible digital-signature stamps there.
"""

import unicodedata
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from fpdf import FPDF
from fpdf.enums import Align, XPos, YPos

from documents.layout import (
    NATIONAL_MOTTO,
    NATIONAL_TITLE,
    Annex,
    Article,
    Document,
    LegalBasis,
    Paragraph,
    SignatureColumn,
    Table,
)

FONT = "LiberationSerif"
MARGIN_TOP, MARGIN_BOTTOM, MARGIN_LEFT, MARGIN_RIGHT = 20, 20, 30, 15
PAGE_WIDTH, PAGE_HEIGHT = 210, 297
TEXT_WIDTH = PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT
LEFT_COLUMN = 74  # issuer block and number; the rest of the width holds the quốc hiệu and the date line
RIGHT_COLUMN = TEXT_WIDTH - LEFT_COLUMN
BODY_SIZE = 14
LINE = 7  # body line height (mm) for 14 pt: about 1.2 lines
STAMP_HEIGHT = 17  # one visible signature stamp
SIGNATURE_GAP = 2 * STAMP_HEIGHT + 4  # room for the signer's stamp and the organisation's stamp under it
MM_TO_PT = 72 / 25.4


@dataclass(frozen=True)
class StampBox:
    """Where a visible signature goes: page index (0-based) and a box in PDF points, origin bottom left."""

    page: int
    box: tuple[int, int, int, int]


@dataclass(frozen=True)
class SignaturePlacement:
    """The personal stamp and, under it, the organisation's stamp of one signature column."""

    personal: StampBox
    organisation: StampBox


@dataclass(frozen=True)
class RenderedPdf:
    """The PDF bytes, where each signature column's stamps go, and the number of pages."""

    content: bytes
    placements: tuple[SignaturePlacement, ...]
    page_count: int


def _text(value: str) -> str:
    # Precomposed (NFC) Vietnamese: every letter is one glyph of the font and one character when extracted.
    return unicodedata.normalize("NFC", value)


def _box(page: int, x: float, y_top: float, width: float, height: float) -> StampBox:
    return StampBox(
        page=page,
        box=(
            round(x * MM_TO_PT),
            round((PAGE_HEIGHT - y_top - height) * MM_TO_PT),
            round((x + width) * MM_TO_PT),
            round((PAGE_HEIGHT - y_top) * MM_TO_PT),
        ),
    )


class _Pdf(FPDF):
    def header(self):
        # Decree 30: page numbers centred in the top margin, not shown on the first page.
        if self.page_no() > 1:
            self.set_y(10)
            self.set_font(FONT, "", 13)
            self.cell(0, 6, str(self.page_no()), align=Align.C)
            self.set_y(MARGIN_TOP)


def font_dir() -> Path:
    return Path(settings.BASE_DIR) / "static" / "fonts"


def _new_pdf(document: Document) -> _Pdf:
    pdf = _Pdf(orientation="P", unit="mm", format="A4")
    fonts = font_dir()
    for style, suffix in (("", "Regular"), ("B", "Bold"), ("I", "Italic"), ("BI", "BoldItalic")):
        pdf.add_font(FONT, style, str(fonts / f"LiberationSerif-{suffix}.ttf"))
    pdf.set_margins(MARGIN_LEFT, MARGIN_TOP, MARGIN_RIGHT)
    pdf.set_auto_page_break(True, margin=MARGIN_BOTTOM)
    pdf.set_title(_text(document.metadata_title))
    pdf.set_author(_text(document.issuer.name.replace("\n", " ")))
    pdf.set_creator("Vinh Danh")
    pdf.set_lang("vi-VN")
    return pdf


def _centered(pdf: FPDF, x: float, width: float, text: str, style: str, size: float, height: float) -> None:
    pdf.set_font(FONT, style, size)
    pdf.set_x(x)
    pdf.multi_cell(width, height, _text(text), align=Align.C, new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def _rule(pdf: FPDF, center: float, width: float, y: float) -> None:
    pdf.set_line_width(0.3)
    pdf.line(center - width / 2, y, center + width / 2, y)


def _fitting(pdf: FPDF, text: str, style: str) -> float:
    """13 pt, or 12 pt when a line of the issuer block would otherwise wrap (the decree allows 12-13)."""
    for size in (13, 12):
        pdf.set_font(FONT, style, size)
        if max(pdf.get_string_width(line) for line in _text(text).split("\n")) <= LEFT_COLUMN - 2 * pdf.c_margin:
            return size
    return 12


def _date_line(pdf: FPDF, x: float, text: str) -> None:
    """Italic 13 pt on one line under the motto; 12 pt for a long place name; wrapped only if still too long."""
    text = _text(text)
    for size in (13, 12):
        pdf.set_font(FONT, "I", size)
        if pdf.get_string_width(text) <= RIGHT_COLUMN:
            # Centred by hand: a cell would add its inner margins and push a full-width line off centre.
            pdf.text(x + (RIGHT_COLUMN - pdf.get_string_width(text)) / 2, pdf.get_y() + 4.5, text)
            pdf.set_y(pdf.get_y() + 6)
            return
    _centered(pdf, x, RIGHT_COLUMN, text, "I", 12, 6)


def _heading(pdf: FPDF, document: Document) -> None:
    top = MARGIN_TOP
    left_center = MARGIN_LEFT + LEFT_COLUMN / 2
    right_x = MARGIN_LEFT + LEFT_COLUMN
    right_center = right_x + RIGHT_COLUMN / 2

    # Left: issuer block (parent authority regular, issuer bold), a short rule under it.
    pdf.set_y(top)
    if document.issuer.parent:
        parent_size = _fitting(pdf, document.issuer.parent, "")
        _centered(pdf, MARGIN_LEFT, LEFT_COLUMN, document.issuer.parent, "", parent_size, 6)
    _centered(pdf, MARGIN_LEFT, LEFT_COLUMN, document.issuer.name, "B", _fitting(pdf, document.issuer.name, "B"), 6)
    name_width = max(pdf.get_string_width(line) for line in _text(document.issuer.name).split("\n"))
    left_bottom = pdf.get_y() + 1
    _rule(pdf, left_center, min(name_width, LEFT_COLUMN) / 3, left_bottom)

    # Right: quốc hiệu (capitals, bold 12) and tiêu ngữ (bold 13, underlined along its whole length).
    pdf.set_y(top)
    _centered(pdf, right_x, RIGHT_COLUMN, NATIONAL_TITLE, "B", 12, 6)
    _centered(pdf, right_x, RIGHT_COLUMN, NATIONAL_MOTTO, "B", 13, 6)
    motto_width = pdf.get_string_width(_text(NATIONAL_MOTTO))
    right_bottom = pdf.get_y() + 0.5
    _rule(pdf, right_center, motto_width, right_bottom)

    # Number under the issuer; place and date (italic) under the motto, on the same line.
    row = max(left_bottom, right_bottom) + 3
    pdf.set_y(row)
    _centered(pdf, MARGIN_LEFT, LEFT_COLUMN, document.number_line, "", 13, 6)
    after_number = pdf.get_y()
    pdf.set_y(row)
    _date_line(pdf, right_x, document.place_date)
    pdf.set_y(max(after_number, pdf.get_y()) + 6)

    # Type of document and summary, centred, bold; a short rule under the summary.
    _centered(pdf, MARGIN_LEFT, TEXT_WIDTH, document.type_title, "B", 14, LINE)
    _centered(pdf, MARGIN_LEFT, TEXT_WIDTH, document.summary, "B", 14, LINE)
    summary_width = min(pdf.get_string_width(_text(document.summary)), TEXT_WIDTH)
    _rule(pdf, MARGIN_LEFT + TEXT_WIDTH / 2, max(summary_width / 3, 30), pdf.get_y() + 1.5)
    pdf.set_y(pdf.get_y() + 5)
    if document.authority_line:
        _centered(pdf, MARGIN_LEFT, TEXT_WIDTH, document.authority_line, "B", 14, LINE)
        pdf.set_y(pdf.get_y() + 3)


def _paragraph(pdf: FPDF, parts: list[tuple[str, str]], *, indent: float = 10, align: str = "J") -> None:
    """One paragraph of `(style, text)` runs with a first-line indent, justified."""
    with pdf.text_columns(text_align=align, l_margin=MARGIN_LEFT, r_margin=MARGIN_RIGHT) as columns:
        with columns.paragraph(first_line_indent=indent, bottom_margin=1.5) as paragraph:
            for style, text in parts:
                pdf.set_font(FONT, style, BODY_SIZE)
                paragraph.write(_text(text))
    pdf.set_x(MARGIN_LEFT)


def _wrap(pdf: FPDF, text: str, width: float) -> list[str]:
    """Greedy word wrap at the current font; a word longer than the cell keeps its own line."""
    lines, current = [], ""
    for word in text.split():
        candidate = f"{current} {word}" if current else word
        if current and pdf.get_string_width(candidate) > width:
            lines.append(current)
            current = word
        else:
            current = candidate
    lines.append(current)
    return lines


def _table(pdf: FPDF, table: Table, size: float = 12) -> None:
    """A ruled table, header row bold and repeated on each new page.

    Drawn line by line rather than with fpdf2's `table()`, which lays every cell out twice: a 500-name
    annex renders in a fraction of the time (bench/decision.py).
    """
    widths = table.column_widths(TEXT_WIDTH)
    pad, line_height = 1.2, size * 0.42
    pdf.set_line_width(0.2)

    def row_lines(values, style):
        pdf.set_font(FONT, style, size)
        return [_wrap(pdf, _text(str(v)), w - 2 * pad) for v, w in zip(values, widths, strict=True)]

    def draw(cells, style, centered):
        height = max(len(lines) for lines in cells) * line_height + 2 * pad
        if pdf.get_y() + height > PAGE_HEIGHT - MARGIN_BOTTOM:
            pdf.add_page()
            if not centered:  # a body row that moves to a new page takes the header with it
                draw(header, "B", True)
        top, x = pdf.get_y(), MARGIN_LEFT
        pdf.set_font(FONT, style, size)
        for lines, width in zip(cells, widths, strict=True):
            pdf.rect(x, top, width, height)
            for index, line in enumerate(lines):
                offset = (width - 2 * pad - pdf.get_string_width(line)) / 2 if centered else 0
                pdf.text(x + pad + offset, top + pad + (index + 0.8) * line_height, line)
            x += width
        pdf.set_y(top + height)

    header = row_lines(table.header, "B")
    draw(header, "B", True)
    for values in table.rows:
        draw(row_lines(values, ""), "", False)
    pdf.ln(2)


def _body(pdf: FPDF, document: Document) -> None:
    for block in document.body:
        if isinstance(block, LegalBasis):
            _paragraph(pdf, [("I", block.text)])
        elif isinstance(block, Article):
            _paragraph(pdf, [("B", block.label + " "), ("", block.text)])
            for item in block.items:
                _paragraph(pdf, [("", item)])
        elif isinstance(block, Paragraph):
            style = ("B" if block.bold else "") + ("I" if block.italic else "")
            if block.centered:
                _centered(pdf, MARGIN_LEFT, TEXT_WIDTH, block.text, style, BODY_SIZE, LINE)
                pdf.ln(1)
            else:
                _paragraph(pdf, [(style, block.text)])
        elif isinstance(block, Table):
            _table(pdf, block)
        else:  # pragma: no cover - Block lists every kind
            raise TypeError(block)


def _signature_column(pdf: FPDF, column: SignatureColumn, x: float, width: float, top: float):
    """Mode lines, room for the stamps, the name; return (placement, bottom y)."""
    pdf.set_y(top)
    for line in column.mode_lines:
        _centered(pdf, x, width, line, "B", 14, 6.5)
    gap_top = pdf.get_y() + 1
    stamp_width = min(width, 78)
    stamp_x = x + (width - stamp_width) / 2
    page = pdf.page - 1
    placement = SignaturePlacement(
        personal=_box(page, stamp_x, gap_top, stamp_width, STAMP_HEIGHT),
        organisation=_box(page, stamp_x, gap_top + STAMP_HEIGHT + 2, stamp_width, STAMP_HEIGHT),
    )
    pdf.set_y(gap_top + SIGNATURE_GAP)
    _centered(pdf, x, width, column.name, "B", 14, 6.5)
    return placement, pdf.get_y()


def _recipients(pdf: FPDF, recipients, x: float, width: float, top: float) -> float:
    pdf.set_y(top)
    pdf.set_x(x)
    pdf.set_font(FONT, "BI", 12)
    pdf.cell(width, 6, _text("Nơi nhận:"), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(FONT, "", 11)
    for entry in recipients:
        pdf.set_x(x)
        pdf.multi_cell(width, 5, _text(f"- {entry}"), align=Align.L, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    return pdf.get_y()


def _closing(pdf: FPDF, document: Document) -> list[SignaturePlacement]:
    """Signature block(s) and Nơi nhận, kept together on one page."""
    columns = list(document.signatures)
    mode_lines = max((len(c.mode_lines) for c in columns), default=0)
    needed = mode_lines * 6.5 + SIGNATURE_GAP + 12
    if len(columns) != 1:
        needed += 6 + 5 * len(document.recipients)
    if pdf.get_y() + needed > PAGE_HEIGHT - MARGIN_BOTTOM:
        pdf.add_page()
    top = pdf.get_y() + 3
    placements = []
    bottom = top
    if len(columns) == 1:
        # Nơi nhận on the left, the signature on the right (Phụ lục I).
        left_width = TEXT_WIDTH - 88
        bottom = _recipients(pdf, document.recipients, MARGIN_LEFT, left_width, top) if document.recipients else top
        placement, signed_bottom = _signature_column(pdf, columns[0], MARGIN_LEFT + left_width, 88, top)
        placements.append(placement)
        bottom = max(bottom, signed_bottom)
    elif columns:
        width = TEXT_WIDTH / len(columns)
        for index, column in enumerate(columns):
            placement, signed_bottom = _signature_column(pdf, column, MARGIN_LEFT + index * width, width, top)
            placements.append(placement)
            bottom = max(bottom, signed_bottom)
        if document.recipients:
            bottom = _recipients(pdf, document.recipients, MARGIN_LEFT, TEXT_WIDTH, bottom + 4)
    pdf.set_y(bottom + 4)
    if document.footer:
        pdf.set_font(FONT, "I", 8)
        pdf.multi_cell(TEXT_WIDTH, 3.5, _text(document.footer), align=Align.L, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    return placements


def _annex(pdf: FPDF, annex: Annex) -> None:
    pdf.add_page()
    _centered(pdf, MARGIN_LEFT, TEXT_WIDTH, annex.title, "B", 14, LINE)
    for line in annex.subtitle_lines:
        _centered(pdf, MARGIN_LEFT, TEXT_WIDTH, line, "I", 13, 6.5)
    _rule(pdf, MARGIN_LEFT + TEXT_WIDTH / 2, 40, pdf.get_y() + 1)
    pdf.set_y(pdf.get_y() + 5)
    if annex.table is not None:
        _table(pdf, annex.table)
    for note in annex.notes:
        _paragraph(pdf, [("I", note)], indent=0)


def render_with_placements(document: Document) -> RenderedPdf:
    """Render `document` and say where each signature column leaves room for its stamps."""
    pdf = _new_pdf(document)
    pdf.add_page()
    _heading(pdf, document)
    _body(pdf, document)
    placements = _closing(pdf, document)
    for annex in document.annexes:
        _annex(pdf, annex)
    return RenderedPdf(content=bytes(pdf.output()), placements=tuple(placements), page_count=pdf.page)


def render(document: Document) -> bytes:
    """The PDF bytes of `document` (A4, Decree 30 layout, fonts embedded)."""
    return render_with_placements(document).content
