"""A commendation decision as plain layout data, for the renderer specifications."""

import datetime

from documents import layout as L
from documents.formatting import date_line

AWARDEES = tuple((str(i), f"Nguyễn Thị Hoa {i:02d}", "Giáo viên, Trường THCS Nguyễn Lương Bằng") for i in range(1, 41))


def decision(signatures=None, footer="Điểm chốt nhật ký: #3 · 9f2c…") -> L.Document:
    return L.Document(
        issuer=L.IssuerBlock(name="ỦY BAN NHÂN DÂN\nXÃ NGUYỄN LƯƠNG BẰNG"),
        number_text="05/QĐ-UBND",
        place_date=date_line("Nguyễn Lương Bằng", datetime.date(2026, 1, 5)),
        type_title="QUYẾT ĐỊNH",
        summary="Về việc tặng danh hiệu «Lao động tiên tiến» năm 2025",
        authority_line="CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ NGUYỄN LƯƠNG BẰNG",
        body=(
            L.LegalBasis("Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;"),
            L.Paragraph("QUYẾT ĐỊNH:", bold=True, centered=True),
            L.Article(1, "Tặng danh hiệu «Lao động tiên tiến» năm 2025 cho 40 cá nhân (có danh sách kèm theo)."),
            L.Article(2, "Quyết định có hiệu lực kể từ ngày ký."),
        ),
        signatures=signatures or (L.SignatureColumn(("CHỦ TỊCH",), "Bùi Trọng Thược"),),
        recipients=("Như Điều 2;", "Lưu: VT, VHXH."),
        annexes=(
            L.Annex(
                "DANH SÁCH CÁ NHÂN ĐƯỢC TẶNG DANH HIỆU «LAO ĐỘNG TIÊN TIẾN» NĂM 2025",
                ("(Kèm theo Quyết định số 05/QĐ-UBND ngày 05/01/2026)",),
                L.Table(("STT", "Họ và tên", "Chức vụ, đơn vị"), AWARDEES, (1, 4, 6)),
            ),
        ),
        footer=footer,
    )


def minutes() -> L.Document:
    """Council minutes: two signature columns (secretary and chair), no annex."""
    return L.Document(
        issuer=L.IssuerBlock(parent="UBND XÃ NGUYỄN LƯƠNG BẰNG", name="HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG"),
        number_text="01/BB-HĐTĐKT",
        place_date=date_line("Nguyễn Lương Bằng", datetime.date(2025, 12, 22)),
        type_title="BIÊN BẢN",
        summary="Kiểm phiếu bình xét thi đua năm 2025",
        body=(L.Paragraph("Số thành viên có mặt: 8/9."),),
        signatures=(
            L.SignatureColumn(("THƯ KÝ",), "Trần Thị Vân"),
            L.SignatureColumn(("CHỦ TỊCH HỘI ĐỒNG",), "Bùi Trọng Thược"),
        ),
        recipients=("Lưu: VT, VHXH.",),
    )
