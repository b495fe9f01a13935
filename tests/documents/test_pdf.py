"""The PDF of an administrative document (NĐ 30/2020 Phụ lục I; DOMAIN §6.2): A4, the shipped serif font
embedded, quốc hiệu and tiêu ngữ, number, date line, title, summary, body, signature, Nơi nhận and the
annex, with correct Vietnamese diacritics in the extracted text; page numbers from page 2 only."""

import io

from pyhanko.pdf_utils.reader import PdfFileReader

from documents import pdf
from tests.documents import samples
from tests.documents.pdftext import page_texts


def _reader(content: bytes) -> PdfFileReader:
    return PdfFileReader(io.BytesIO(content), strict=False)


def test_pdf_text_holds_every_part_with_diacritics():
    content = pdf.render(samples.decision())
    first, *rest = page_texts(content)
    for expected in (
        "ỦY BAN NHÂN DÂN",
        "XÃ NGUYỄN LƯƠNG BẰNG",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Số: 05/QĐ-UBND",
        "Nguyễn Lương Bằng, ngày 05 tháng 01 năm 2026",
        "QUYẾT ĐỊNH",
        "Về việc tặng danh hiệu «Lao động tiên tiến» năm 2025",
        "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;",
        "Điều 1.",
        "Nơi nhận:",
        "- Lưu: VT, VHXH.",
        "CHỦ TỊCH",
        "Bùi Trọng Thược",
        "Điểm chốt nhật ký: #3",
    ):
        assert expected in first, expected
    annex = "\n".join(rest)
    assert "DANH SÁCH CÁ NHÂN ĐƯỢC TẶNG DANH HIỆU" in annex
    assert "Nguyễn Thị Hoa 01" in annex and "Nguyễn Thị Hoa 40" in annex


def test_pdf_is_a4_and_embeds_liberation_serif():
    reader = _reader(pdf.render(samples.decision()))
    pages = reader.root["/Pages"]
    page = pages["/Kids"][0].get_object()
    media_box = page.get("/MediaBox") or pages["/MediaBox"]
    assert [round(float(v)) for v in media_box] == [0, 0, 595, 842]
    fonts = [f.get_object() for f in page["/Resources"]["/Font"].values()]
    assert {str(f["/BaseFont"]).split("+")[-1] for f in fonts} >= {"LiberationSerif", "LiberationSerifBold"}
    for font in fonts:
        descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"].get_object()
        assert "/FontFile2" in descriptor, font["/BaseFont"]


def test_page_numbers_start_on_page_two():
    pages = page_texts(pdf.render(samples.decision()))
    assert len(pages) >= 3
    assert not pages[0].startswith("1\n")
    assert pages[1].splitlines()[0] == "2"
    assert pages[2].splitlines()[0] == "3"


def test_signature_placement_lies_between_the_mode_line_and_the_name_on_page_one():
    rendered = pdf.render_with_placements(samples.decision())
    (placement,) = rendered.placements
    assert placement.personal.page == 0
    x1, y1, x2, y2 = placement.personal.box
    ox1, oy1, ox2, oy2 = placement.organisation.box
    assert x1 < x2 and y1 < y2 and oy2 <= y1  # the organisation's stamp sits under the signer's
    assert 0 < x1 and x2 <= 595 - 15 * 72 / 25.4 + 1  # inside the right margin


def test_minutes_have_two_signature_columns_side_by_side():
    rendered = pdf.render_with_placements(samples.minutes())
    secretary, chair = rendered.placements
    assert secretary.personal.box[1] == chair.personal.box[1]
    assert secretary.personal.box[2] <= chair.personal.box[0]
    text = " ".join(page_texts(rendered.content)[0].split())  # a long issuer name may wrap
    assert "UBND XÃ NGUYỄN LƯƠNG BẰNG" in text and "HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG" in text
    assert "Số: 01/BB-HĐTĐKT" in text and "THƯ KÝ" in text and "Trần Thị Vân" in text
