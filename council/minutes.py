"""The minutes of meeting and count (biên bản họp và kiểm phiếu, DESIGN §8, DOMAIN §4.2 item 2).

`minutes_content` gathers, once, every figure the minutes print into plain JSON (stored on `Minutes`);
`minutes_document` lays that content out as a Decree 30 document for `documents.pdf` / `documents.docx`.
"""

import datetime
import hashlib

from council.models import ItemResult
from documents.formatting import date_line, local_iso, vietnamese_date
from documents.layout import Document, IssuerBlock, Paragraph, SignatureColumn, Table
from dossiers.models import ThresholdBase, VoteMethod
from workflow.audit import canonical_json

ISSUER = "HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG"
NUMBER_CODE, NUMBER_SYMBOL = "BB", "BB-HĐTĐKT"

# Printed words, kept here rather than in gettext: a document of record reads the same whatever the
# language of the person who downloads it.
BASE_WORDS = {
    ThresholdBase.TOTAL_MEMBERS: "tổng số thành viên",
    ThresholdBase.PRESENT: "số tham gia biểu quyết",
    ThresholdBase.VALID_BALLOTS: "số phiếu hợp lệ",
}
METHOD_WORDS = {VoteMethod.SECRET: "bỏ phiếu kín", VoteMethod.OPEN: "biểu quyết công khai"}
RESULT_WORDS = {
    ItemResult.PASSED: "Thông qua",
    ItemResult.FAILED: "Không thông qua",
    ItemResult.NOT_APPLIED: "Không áp dụng (hồ sơ tạm dừng xử lý)",
}


def content_digest(content: dict) -> str:
    """SHA-256 of the content's canonical JSON: the closing audit event commits to what the minutes say."""
    return hashlib.sha256(canonical_json(content).encode()).hexdigest()


def minutes_content(*, session, counted, members, receipts: int, written, secretary_name: str, closed_at) -> dict:
    """Everything the minutes print, as JSON values, from the closing transaction's own reads."""
    chair = next((m for m in members if m.is_chair), None)
    absent = [m for m in members if not m.present]
    present = [m for m in members if m.present]
    names = {m.user_id: m.full_name for m in members}
    items = []
    for entry in counted:
        item, count, tally = entry.item, entry.count, entry.tally
        items.append({
            "position": item.position,
            "nominee": item.nomination.nominee_name,
            "award": item.nomination.award_type.name,
            "method": METHOD_WORDS.get(item.vote_method, item.vote_method),
            "agree": count.agree,
            "disagree": count.disagree,
            "abstain": count.abstain,
            "base": tally.base,
            "base_words": BASE_WORDS.get(item.threshold_base, item.threshold_base),
            "threshold_percent": item.threshold_percent,
            "required": tally.required,
            "percent": tally.percent_text(count.agree),
            "chair_must_agree": item.chair_must_agree,
            "chair_agreed": count.chair_agreed,
            "recused": names.get(item.recused_id, ""),
            "result": item.result,
            "result_words": RESULT_WORDS[item.result],
        })
    return {
        "commune": session.commune.name,
        "place_name": session.commune.place_name or session.place,
        "title": session.title,
        "session": session.label,
        "meeting_date": session.meeting_date.isoformat(),
        "place": session.place,
        "opened_at": local_iso(session.opened_at),
        "closed_at": local_iso(closed_at),
        "chair": chair.full_name if chair else "",
        "secretary": secretary_name,
        "members": [
            {"name": m.full_name, "position": m.position, "present": m.present, "chair": m.is_chair} for m in members
        ],
        "total": len(members),
        "present": len(present),
        "absent": [m.full_name for m in absent],
        "written": sorted(names.get(member_id, "") for member_id in written),
        # Every ballot is checked before it is accepted, so none returned is invalid.
        "ballots": {"issued": len(present), "returned": receipts, "valid": receipts, "invalid": 0},
        "items": items,
    }


def _count_cell(item: dict) -> str:
    needed = f"cần {item['required']} ({item['threshold_percent']}%)"
    return f"{item['percent']} của {item['base']} ({item['base_words']}); {needed}"


def minutes_document(content: dict, *, number_text: str, issued_on) -> Document:
    """The minutes as a Decree 30 document: header, attendance, count per nominee, conclusion, signatures."""
    closed_at = datetime.datetime.fromisoformat(content["closed_at"])
    meeting_day = datetime.date.fromisoformat(content["meeting_date"])
    ballots = content["ballots"]
    absent = content["absent"]
    body = [
        Paragraph(
            f"Hôm nay, {vietnamese_date(meeting_day)}, tại {content['place']}, Hội đồng Thi đua - Khen thưởng "
            f"{content['commune']} họp phiên số {content['session']} ({content['title']}) để xét, biểu quyết các "
            "đề nghị khen thưởng."
        ),
        Paragraph("I. THÀNH PHẦN", bold=True),
        Paragraph(f"Chủ trì: {content['chair'] or '—'}, Chủ tịch Hội đồng. Thư ký: {content['secretary']}."),
        Paragraph(
            f"Tổng số thành viên Hội đồng: {content['total']}; có mặt: {content['present']}; vắng mặt: {len(absent)}"
            + (f" ({', '.join(absent)})." if absent else ".")
        ),
        Paragraph(
            f"Ý kiến bằng văn bản của thành viên vắng mặt: {len(content['written'])}"
            + (f" ({', '.join(content['written'])})." if content["written"] else ".")
        ),
        Table(
            header=("STT", "Họ và tên", "Chức vụ", "Tham dự"),
            rows=tuple(
                (str(i), m["name"] + (" (Chủ tịch Hội đồng)" if m["chair"] else ""), m["position"] or "—",
                 "Có mặt" if m["present"] else "Vắng mặt")
                for i, m in enumerate(content["members"], start=1)
            ),
            widths=(0.6, 3, 3.4, 1.4),
        ),
        Paragraph("II. KẾT QUẢ KIỂM PHIẾU", bold=True),
        Paragraph(
            f"Số phiếu phát ra: {ballots['issued']}; số phiếu thu về: {ballots['returned']}; số phiếu hợp lệ: "
            f"{ballots['valid']}; số phiếu không hợp lệ: {ballots['invalid']}."
        ),
        Table(
            header=("STT", "Người được đề nghị, danh hiệu", "Đồng ý", "Không đồng ý", "Không ý kiến",
                    "Tỷ lệ đồng ý", "Kết quả"),
            rows=tuple(
                (str(item["position"]), f"{item['nominee']} — {item['award']} ({item['method']})",
                 str(item["agree"]), str(item["disagree"]), str(item["abstain"]), _count_cell(item),
                 item["result_words"])
                for item in content["items"]
            ),
            widths=(0.65, 3.1, 1.05, 1.05, 1.05, 2.6, 1.3),
        ),
    ]
    recused = [item for item in content["items"] if item["recused"]]
    if recused:
        body.append(Paragraph(
            "Không biểu quyết do là người được đề nghị: "
            + "; ".join(f"{item['recused']} (nội dung số {item['position']})" for item in recused) + "."
        ))
    chair_rules = [item for item in content["items"] if item["chair_must_agree"]]
    if chair_rules:
        body.append(Paragraph(
            "Nội dung cần Chủ tịch Hội đồng đồng ý: "
            + "; ".join(f"số {item['position']}: {'đồng ý' if item['chair_agreed'] else 'không đồng ý'}"
                        for item in chair_rules) + "."
        ))
    passed = sum(1 for item in content["items"] if item["result"] == ItemResult.PASSED)
    failed = sum(1 for item in content["items"] if item["result"] == ItemResult.FAILED)
    body += [
        Paragraph("III. KẾT LUẬN", bold=True),
        Paragraph(f"Hội đồng thông qua {passed} đề nghị; không thông qua {failed} đề nghị."),
        Paragraph(
            f"Phiên họp kết thúc lúc {closed_at:%H} giờ {closed_at:%M} phút, {vietnamese_date(closed_at.date())}. "
            "Biên bản đã được thông qua tại phiên họp."
        ),
    ]
    return Document(
        issuer=IssuerBlock(name=ISSUER, parent=content["commune"].upper()),
        number_text=number_text,
        place_date=date_line(content["place_name"], issued_on),
        type_title="BIÊN BẢN",
        summary="Họp Hội đồng Thi đua - Khen thưởng và kiểm phiếu xét khen thưởng",
        body=tuple(body),
        signatures=(
            SignatureColumn(mode_lines=("THƯ KÝ",), name=content["secretary"]),
            SignatureColumn(mode_lines=("CHỦ TỊCH HỘI ĐỒNG",), name=content["chair"] or ""),
        ),
        recipients=("Thành viên Hội đồng Thi đua - Khen thưởng xã;", "Lưu: VT, VHXH."),
    )
