"""The DOCX opens with python-docx and holds the same content as the PDF (NĐ 30/2020 Phụ lục I)."""

import io

import docx

from documents import docx as docx_renderer
from tests.documents import samples


def _all_text(document) -> str:
    parts = [p.text for p in document.paragraphs]

    def tables(container):
        for table in container.tables:
            for row in table.rows:
                for cell in row.cells:
                    parts.extend(p.text for p in cell.paragraphs)
                    tables(cell)

    tables(document)
    return "\n".join(parts)


def test_docx_opens_and_holds_the_same_content():
    document = docx.Document(io.BytesIO(docx_renderer.render(samples.decision())))
    text = _all_text(document)
    for expected in (
        "ỦY BAN NHÂN DÂN",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Số: 05/QĐ-UBND",
        "Nguyễn Lương Bằng, ngày 05 tháng 01 năm 2026",
        "QUYẾT ĐỊNH",
        "Về việc tặng danh hiệu «Lao động tiên tiến» năm 2025",
        "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;",
        "Điều 1. Tặng danh hiệu",
        "Nơi nhận:",
        "- Lưu: VT, VHXH.",
        "Bùi Trọng Thược",
        "DANH SÁCH CÁ NHÂN ĐƯỢC TẶNG DANH HIỆU",
        "Nguyễn Thị Hoa 40",
        "Điểm chốt nhật ký: #3",
    ):
        assert expected in text, expected


def test_docx_is_a4_with_decree_30_margins_and_times_new_roman():
    document = docx.Document(io.BytesIO(docx_renderer.render(samples.decision())))
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    margins = (section.left_margin, section.right_margin, section.top_margin, section.bottom_margin)
    assert [round(m.mm) for m in margins] == [30, 15, 20, 20]
    assert section.different_first_page_header_footer  # no page number on page 1
    assert document.styles["Normal"].font.name == "Times New Roman"


def test_docx_annex_table_has_header_and_every_awardee():
    document = docx.Document(io.BytesIO(docx_renderer.render(samples.decision())))
    annex = document.tables[-1]
    assert [c.text for c in annex.rows[0].cells] == ["STT", "Họ và tên", "Chức vụ, đơn vị"]
    assert len(annex.rows) == 1 + len(samples.AWARDEES)
