"""The text of a decision as a Decree 30 document (DOMAIN §6.4 "typical decision body")."""

from datetime import date

from documents import layout as L
from documents.formatting import date_line, vietnamese_date
from dossiers.models import AwardCategory, Subject

from .models import Decision, DecisionKind, SigningMode

BASE_LEGAL_BASES = (
    "Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025;",
    "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;",
)
RECIPIENTS = (
    "Như Điều 3;",
    "Thường trực Đảng ủy xã (để báo cáo);",
    "Chủ tịch, các PCT UBND xã;",
    "Lưu: VT, VHXH.",
)
UNSIGNED_NUMBER = "     /QĐ-UBND"


def place_of(commune) -> str:
    return commune.place_name or commune.name


def issuer_block(commune) -> L.IssuerBlock:
    return L.IssuerBlock(name=f"ỦY BAN NHÂN DÂN\nXÃ {place_of(commune).upper()}")


def mode_lines(mode: str, collective: bool) -> tuple[str, ...]:
    """CHỦ TỊCH, or KT. CHỦ TỊCH / PHÓ CHỦ TỊCH; under "TM. ỦY BAN NHÂN DÂN" when signed for the committee."""
    lines = ("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH") if mode == SigningMode.DEPUTY else ("CHỦ TỊCH",)
    return (("TM. ỦY BAN NHÂN DÂN",) + lines) if collective else lines


def _bases(text: str) -> list[str]:
    """Each line of a legal-basis field as a "Căn cứ …;" line."""
    result = []
    for line in (text or "").splitlines():
        line = line.strip().rstrip(";.")
        if not line:
            continue
        if not line.lower().startswith("căn cứ"):
            line = f"Căn cứ {line}"
        result.append(f"{line};")
    return result


def award_phrase(award_type) -> str:
    if award_type.category == AwardCategory.TITLE:
        return f"danh hiệu «{award_type.name}»"
    return f"«{award_type.name}»"


def _who(award_type, count: int) -> str:
    noun = {Subject.INDIVIDUAL: "cá nhân", Subject.COLLECTIVE: "tập thể", Subject.HOUSEHOLD: "hộ gia đình"}.get(
        award_type.subject, "cá nhân, tập thể"
    )
    return f"{count:02d} {noun}" if count < 10 else f"{count} {noun}"


def default_summary(award_type, year: int) -> str:
    return f"Về việc tặng {award_phrase(award_type)} năm {year}"


def reference(decision: Decision) -> str:
    """"Quyết định số 05/QĐ-UBND ngày 05 tháng 01 năm 2026"."""
    return f"Quyết định số {decision.number_text} {vietnamese_date(decision.signed_on)}"


def _annex_table(entries) -> L.Table:
    rows = []
    for index, entry in enumerate(entries, start=1):
        nomination = entry.nomination
        rows.append((str(index), nomination.nominee_name, nomination.position or "", nomination.dossier.unit.name))
    return L.Table(("STT", "Họ và tên, tên tập thể", "Chức vụ", "Đơn vị đề nghị"), tuple(rows), (1, 5, 4, 5))


def build(decision: Decision, entries, *, number_text: str, day: date | None, mode: str, signer_name: str,
          footer: str = "") -> L.Document:
    """The document of `decision`; a draft prints a blank number and date for the preview."""
    commune = decision.issuer
    place = place_of(commune)
    award = decision.award_type
    year = decision.campaign.year if decision.campaign_id else (day or date.today()).year
    place_date = date_line(place, day) if day else f"{place}, ngày     tháng     năm"
    dated = f"ngày {day.strftime('%d/%m/%Y')}" if day else "ngày    /    /"
    bases = [*BASE_LEGAL_BASES, *_bases(award.legal_basis)]
    if decision.campaign_id:
        bases += _bases(decision.campaign.legal_basis)
    closing = (
        f"Xét đề nghị của Trưởng phòng Văn hóa - Xã hội (Thường trực Hội đồng Thi đua - Khen thưởng xã) tại "
        f"{decision.proposal}." if decision.proposal else
        "Xét đề nghị của Trưởng phòng Văn hóa - Xã hội (Thường trực Hội đồng Thi đua - Khen thưởng xã)."
    )
    body: list = [L.LegalBasis(b) for b in bases]
    annexes = ()
    count = len(entries)
    executors = (
        "Chánh Văn phòng HĐND và UBND xã, Trưởng phòng Văn hóa - Xã hội, Thủ trưởng các cơ quan, đơn vị có liên "
        "quan và các cá nhân, tập thể có tên tại Điều 1 chịu trách nhiệm thi hành Quyết định này."
    )
    if decision.kind in (DecisionKind.AWARD, DecisionKind.REPLACEMENT):
        body += [L.LegalBasis(closing), L.Paragraph("QUYẾT ĐỊNH:", bold=True, centered=True)]
        body.append(
            L.Article(1, f"Tặng {award_phrase(award)} năm {year} cho {_who(award, count)} (có danh sách kèm theo).")
        )
        body.append(
            L.Article(2, "Các cá nhân, tập thể có tên tại Điều 1 được hưởng chế độ khen thưởng theo quy định hiện "
                         "hành của pháp luật về thi đua, khen thưởng.")
        )
        effect = "Quyết định này có hiệu lực kể từ ngày ký"
        if decision.kind == DecisionKind.REPLACEMENT:
            effect += f" và thay thế {reference(decision.original)} của Chủ tịch Ủy ban nhân dân xã"
        body.append(L.Article(3, f"{effect}. {executors}"))
        annexes = (
            L.Annex(
                f"DANH SÁCH ĐƯỢC TẶNG {award_phrase(award).upper()} NĂM {year}",
                (f"(Kèm theo Quyết định số {number_text} {dated} của Chủ tịch Ủy ban nhân dân xã {place})",),
                _annex_table(entries),
            ),
        )
    elif decision.kind == DecisionKind.REVOCATION:
        body += [L.LegalBasis(b) for b in _bases(decision.legal_ground)]
        body += [L.LegalBasis(closing), L.Paragraph("QUYẾT ĐỊNH:", bold=True, centered=True)]
        names = tuple(
            f"- {e.nomination.nominee_name}" + (f", {e.nomination.position}" if e.nomination.position else "")
            + f" ({e.nomination.dossier.unit.name});" for e in entries
        )
        body.append(
            L.Article(1, f"Hủy bỏ việc tặng {award_phrase(award)} tại {reference(decision.original)} của Chủ tịch "
                         f"Ủy ban nhân dân xã đối với {_who(award, count)} có tên sau:", names)
        )
        body.append(L.Article(2, f"Lý do hủy bỏ: {decision.reason.strip().rstrip('.')}. Thu hồi hiện vật và tiền "
                                 "thưởng đã nhận theo quy định tại Điều 94 Luật Thi đua, khen thưởng."))
        body.append(L.Article(3, f"Quyết định này có hiệu lực kể từ ngày ký. {executors}"))
    else:  # correction (đính chính)
        body += [L.LegalBasis(closing), L.Paragraph("QUYẾT ĐỊNH:", bold=True, centered=True)]
        body.append(L.Article(1, f"Đính chính {reference(decision.original)} của Chủ tịch Ủy ban nhân dân xã "
                                 f"như sau: {decision.content.strip()}"))
        body.append(L.Article(2, "Các nội dung khác của Quyết định giữ nguyên."))
        body.append(L.Article(3, f"Quyết định này có hiệu lực kể từ ngày ký. {executors}"))
    authority = (
        f"ỦY BAN NHÂN DÂN XÃ {place.upper()}" if decision.collective_signing
        else f"CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ {place.upper()}"
    )
    return L.Document(
        issuer=issuer_block(commune),
        number_text=number_text,
        place_date=place_date,
        type_title="QUYẾT ĐỊNH",
        summary=decision.summary,
        authority_line=authority,
        body=tuple(body),
        signatures=(L.SignatureColumn(mode_lines(mode, decision.collective_signing), signer_name),),
        recipients=RECIPIENTS,
        annexes=annexes,
        footer=footer,
    )
