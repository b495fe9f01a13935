"""Render a `layout.Document` to DOCX with python-docx: the same content and layout as `documents.pdf`.

The font is named "Times New Roman" (Word on every office machine has it; Decree 30 names it); the PDF
embeds Liberation Serif, which has the same metrics. Page numbers are a PAGE field in the header,
hidden on the first page.
"""

import io
import unicodedata
from xml.sax.saxutils import escape

from docx import Document as WordDocument
from docx.enum.section import WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm, Pt

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

FONT = "Times New Roman"
CENTER, JUSTIFY, LEFT = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.JUSTIFY, WD_ALIGN_PARAGRAPH.LEFT


def _text(value: str) -> str:
    return unicodedata.normalize("NFC", value)


def _run(paragraph, text: str, *, bold=False, italic=False, underline=False, size=14):
    run = paragraph.add_run(_text(text))
    # Only what differs from the Normal style is written: a 500-row list stays quick to build.
    if bold:
        run.bold = True
    if italic:
        run.italic = True
    if underline:
        run.underline = True
    if size != 14:
        run.font.size = Pt(size)
    return run


def _paragraph(container, text="", *, align=JUSTIFY, bold=False, italic=False, size=14, indent=True, after=3):
    paragraph = container.add_paragraph()
    paragraph.alignment = align
    fmt = paragraph.paragraph_format
    fmt.space_after = Pt(after)
    fmt.space_before = Pt(0)
    if indent and align == JUSTIFY:
        fmt.first_line_indent = Mm(10)
    if text:
        for index, line in enumerate(_text(text).split("\n")):
            if index:
                paragraph.add_run().add_break(WD_BREAK.LINE)
            _run(paragraph, line, bold=bold, italic=italic, size=size)
    return paragraph


def _no_borders(table) -> None:
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    table._tbl.tblPr.append(borders)


def _grid_borders(table) -> None:
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "single")
        element.set(qn("w:sz"), "4")
        borders.append(element)
    table._tbl.tblPr.append(borders)


def _cell_paragraph(cell, text, **kwargs):
    # A new cell holds one empty paragraph: use it for the first line.
    if len(cell.paragraphs) == 1 and not cell.paragraphs[0].text and not cell.paragraphs[0].runs:
        paragraph = cell.paragraphs[0]
        paragraph.alignment = kwargs.get("align", CENTER)
        paragraph.paragraph_format.space_after = Pt(kwargs.get("after", 0))
        for index, line in enumerate(_text(text).split("\n")):
            if index:
                paragraph.add_run().add_break(WD_BREAK.LINE)
            _run(paragraph, line, bold=kwargs.get("bold", False), italic=kwargs.get("italic", False),
                 underline=kwargs.get("underline", False), size=kwargs.get("size", 13))
        return paragraph
    paragraph = _paragraph(cell, "", align=kwargs.get("align", CENTER), indent=False, after=kwargs.get("after", 0))
    for index, line in enumerate(_text(text).split("\n")):
        if index:
            paragraph.add_run().add_break(WD_BREAK.LINE)
        _run(paragraph, line, bold=kwargs.get("bold", False), italic=kwargs.get("italic", False),
             underline=kwargs.get("underline", False), size=kwargs.get("size", 13))
    return paragraph


def _page_number_field(paragraph) -> None:
    run = _run(paragraph, "", size=13)
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._r.append(element)


def _setup(word, document: Document) -> None:
    section = word.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    section.different_first_page_header_footer = True
    header = section.header.paragraphs[0]
    header.alignment = CENTER
    _page_number_field(header)
    style = word.styles["Normal"]
    style.font.name = FONT
    style.font.size = Pt(14)
    # East Asian and complex-script slots too, or Word may substitute a font for Vietnamese letters.
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for slot in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(slot), FONT)
    word.core_properties.title = _text(document.metadata_title)
    word.core_properties.author = _text(document.issuer.name.replace("\n", " "))
    word.core_properties.language = "vi-VN"


def _heading(word, document: Document) -> None:
    table = word.add_table(rows=2, cols=2)
    _no_borders(table)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    widths = (Mm(74), Mm(91))
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width
    issuer, nation = table.rows[0].cells
    if document.issuer.parent:
        _cell_paragraph(issuer, document.issuer.parent, size=13)
    _cell_paragraph(issuer, document.issuer.name, bold=True, size=13)
    _cell_paragraph(issuer, "―――――", size=10)
    _cell_paragraph(nation, NATIONAL_TITLE, bold=True, size=12)
    _cell_paragraph(nation, NATIONAL_MOTTO, bold=True, underline=True, size=13)
    number, place = table.rows[1].cells
    _cell_paragraph(number, document.number_line, size=13)
    _cell_paragraph(place, document.place_date, italic=True, size=13)
    _paragraph(word, "", align=CENTER, indent=False, after=6)
    _paragraph(word, document.type_title, align=CENTER, bold=True, indent=False, after=0)
    _paragraph(word, document.summary, align=CENTER, bold=True, indent=False, after=0)
    _paragraph(word, "―――――――", align=CENTER, size=10, indent=False, after=6)
    if document.authority_line:
        _paragraph(word, document.authority_line, align=CENTER, bold=True, indent=False, after=6)


def _table(container, table: Table, size=12) -> None:
    grid = container.add_table(rows=1, cols=len(table.header))
    _grid_borders(grid)
    widths = [Mm(w) for w in table.column_widths(165)]
    for cell, text, width in zip(grid.rows[0].cells, table.header, widths, strict=True):
        cell.width = width
        _cell_paragraph(cell, text, bold=True, size=size)
    # Repeat the header row on every page of the list.
    header_props = grid.rows[0]._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    header_props.append(repeat)
    # Body rows as one piece of WordprocessingML, parsed once: building 2,000 cells through python-docx's
    # object API costs about a second (bench/decision.py); the XML is the same.
    cells = [f'<w:tcPr><w:tcW w:w="{width.twips}" w:type="dxa"/></w:tcPr>' for width in widths]
    run_props = f'<w:rPr><w:sz w:val="{size * 2}"/><w:szCs w:val="{size * 2}"/></w:rPr>'
    rows = "".join(
        "<w:tr>"
        + "".join(
            f'<w:tc>{cell}<w:p><w:pPr><w:spacing w:before="0" w:after="0"/></w:pPr><w:r>{run_props}'
            f'<w:t xml:space="preserve">{escape(_text(str(value)))}</w:t></w:r></w:p></w:tc>'
            for cell, value in zip(cells, values, strict=True)
        )
        + "</w:tr>"
        for values in table.rows
    )
    for row in parse_xml(f"<w:tbl {nsdecls('w')}>{rows}</w:tbl>"):
        grid._tbl.append(row)


def _body(word, document: Document) -> None:
    for block in document.body:
        if isinstance(block, LegalBasis):
            _paragraph(word, block.text, italic=True)
        elif isinstance(block, Article):
            paragraph = _paragraph(word, "")
            _run(paragraph, block.label + " ", bold=True)
            _run(paragraph, block.text)
            for item in block.items:
                _paragraph(word, item)
        elif isinstance(block, Paragraph):
            align = CENTER if block.centered else JUSTIFY
            _paragraph(word, block.text, align=align, bold=block.bold, italic=block.italic)
        elif isinstance(block, Table):
            _table(word, block)
        else:  # pragma: no cover - Block lists every kind
            raise TypeError(block)


def _signature(cell, column: SignatureColumn) -> None:
    _cell_paragraph(cell, "\n".join(column.mode_lines), bold=True, size=14)
    for _ in range(5):  # the room a signature takes on paper
        _cell_paragraph(cell, "", size=14)
    _cell_paragraph(cell, column.name, bold=True, size=14)


def _recipients(cell, recipients) -> None:
    _cell_paragraph(cell, "Nơi nhận:", bold=True, italic=True, size=12, align=LEFT)
    for entry in recipients:
        _cell_paragraph(cell, f"- {entry}", size=11, align=LEFT)


def _closing(word, document: Document) -> None:
    columns = list(document.signatures)
    if len(columns) == 1:
        table = word.add_table(rows=1, cols=2)
        _no_borders(table)
        left, right = table.rows[0].cells
        left.width, right.width = Mm(77), Mm(88)
        if document.recipients:
            _recipients(left, document.recipients)
        _signature(right, columns[0])
    elif columns:
        table = word.add_table(rows=1, cols=len(columns))
        _no_borders(table)
        for cell, column in zip(table.rows[0].cells, columns, strict=True):
            _signature(cell, column)
        if document.recipients:
            holder = word.add_table(rows=1, cols=1)
            _no_borders(holder)
            _recipients(holder.rows[0].cells[0], document.recipients)
    if document.footer:
        _paragraph(word, document.footer, align=LEFT, italic=True, size=8, indent=False)


def _annex(word, annex: Annex) -> None:
    word.add_section(WD_SECTION.NEW_PAGE)
    _paragraph(word, annex.title, align=CENTER, bold=True, indent=False, after=0)
    for line in annex.subtitle_lines:
        _paragraph(word, line, align=CENTER, italic=True, size=13, indent=False, after=0)
    _paragraph(word, "―――――――", align=CENTER, size=10, indent=False, after=6)
    if annex.table is not None:
        _table(word, annex.table)
    for note in annex.notes:
        _paragraph(word, note, italic=True, indent=False)


def render(document: Document) -> bytes:
    """The DOCX bytes of `document`: same content and order as the PDF."""
    word = WordDocument()
    _setup(word, document)
    _heading(word, document)
    _body(word, document)
    _closing(word, document)
    for annex in document.annexes:
        _annex(word, annex)
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()
