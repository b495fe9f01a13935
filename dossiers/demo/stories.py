"""About twenty demo dossiers, each walked to its state through dossiers.services and engine.perform.

Every step is taken by the account the rules name (the unit head proposes and submits, the office
reviews, the system closes votes and records signed decisions), so the audit trail is real.
"""

from dataclasses import dataclass
from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile

from dossiers import services
from dossiers.demo.organisation import Commune
from dossiers.demo.pdf import pdf_bytes
from dossiers.models import (
    NOMINATION_DOCUMENT_KINDS,
    AwardType,
    Campaign,
    ComplaintStatus,
    DocumentKind,
    Dossier,
    Nomination,
    Outcome,
)
from roles.text import fold
from workflow.engine import SYSTEM, Action, perform

UNIT_ACCOUNTS = {
    "THCS": "thcs", "DTN": "doantn", "HLHPN": "hoiphunu", "TYT": "tramyte", "VP": "vanphong",
    "THON-TL": "truongthon1", "THON-PL": "truongthon2",
}


@dataclass
class Stories:
    world: Commune
    awards: dict[str, AwardType]
    campaigns: dict[str, Campaign]
    today: date
    decisions: int = 0
    sessions: int = 0

    # Helpers -------------------------------------------------------------------------------------
    def user(self, username):
        return self.world.users[username]

    def officer(self, dossier: Dossier):
        return self.user(UNIT_ACCOUNTS[dossier.unit.code])

    def dossier(self, unit_code: str, campaign: str, title: str, reference_number: str) -> Dossier:
        unit = self.world.unit(unit_code)
        return services.dossier_create(
            actor=self.user(UNIT_ACCOUNTS[unit_code]), unit=unit, campaign=self.campaigns[campaign], title=title,
            reference_number=reference_number,
        )

    def nominate(self, dossier: Dossier, award: str, name: str, summary: str, position: str = "") -> Nomination:
        """Nominate a person of the demo by full name, or a collective or household by its name."""
        person = self.world.people.get(name) if self.awards[award].subject == "individual" else None
        return services.nomination_add(
            dossier=dossier, actor=self.officer(dossier), award_type=self.awards[award], person=person,
            nominee_name=name, position=position, achievement_summary=summary,
        )

    def upload(self, dossier: Dossier, kind: str, nomination: Nomination | None = None, note: str = "", replaces=None):
        label = DocumentKind(kind).label
        about = nomination.nominee_name if nomination else dossier.title
        content = pdf_bytes(
            self.world.commune.name, dossier.unit.name, f"{label}: {about}", dossier.reference_number or "", note
        )
        name = fold(f"{label} {nomination.nominee_name if nomination else dossier.unit.short_name}").replace(" ", "-")
        upload = SimpleUploadedFile(f"{name}.pdf", content, content_type="application/pdf")
        return services.attachment_upload(
            dossier=dossier, actor=self.officer(dossier), kind=kind, upload=upload, nomination=nomination,
            replaces=replaces,
        )

    def documents(self, dossier: Dossier, extra: dict | None = None) -> None:
        """Upload every document the dossier's award types require for its kind (and `extra` ones)."""
        dossier_kinds: list[str] = []
        for nomination in dossier.nominations.select_related("award_type").order_by("pk"):
            for kind in nomination.award_type.documents_required_for(dossier.kind):
                if kind in NOMINATION_DOCUMENT_KINDS:
                    self.upload(dossier, kind, nomination)
                elif kind not in dossier_kinds:
                    dossier_kinds.append(kind)
        for kind in dossier_kinds:
            self.upload(dossier, kind)
        for nomination, kind in (extra or {}).items():
            self.upload(dossier, kind, nomination)

    def act(self, dossier: Dossier, action: str, actor: str | None, **data):
        return perform(dossier, action, SYSTEM if actor is None else self.user(actor), **data)

    def review(self, dossier: Dossier, reviewer: str = "canbovhxh") -> None:
        self.act(dossier, Action.SUBMIT, UNIT_ACCOUNTS[dossier.unit.code])
        self.act(dossier, Action.TAKE, reviewer)

    def close_vote(self, dossier: Dossier, failed=()) -> None:
        """Record a closed council session's results: passed unless the nominee is in `failed`."""
        self.sessions += 1
        eligible = dossier.nominations.filter(outcome=Outcome.ELIGIBLE)
        results = {str(n.pk): Outcome.FAILED if n.nominee_name in failed else Outcome.PASSED for n in eligible}
        self.act(dossier, Action.CLOSE_VOTE, None, results=results,
                 session=f"Phiên họp Hội đồng Thi đua - Khen thưởng xã số {self.sessions:02d} (dữ liệu mẫu)")

    def decide(self, dossier: Dossier, signer: str = "chutich") -> None:
        """Record a signed decision awarding every passed (or, without a vote, eligible) nominee."""
        self.decisions += 1
        awarded = [
            n.pk for n in dossier.nominations.select_related("award_type")
            if n.outcome == Outcome.PASSED
            or (n.outcome == Outcome.ELIGIBLE and not n.award_type.needs_vote(dossier.kind))
        ]
        self.act(dossier, Action.DECIDE, None, signer=self.user(signer), awarded=awarded,
                 decision=f"{self.decisions:02d}/QĐ-UBND")

    # The stories --------------------------------------------------------------------------------
    def build(self) -> list[Dossier]:
        year = self.today.year
        return [
            self.thcs_year_end(year),
            self.thcs_digital_draft(),
            self.thcs_student_ad_hoc(),
            self.doantn_digital(),
            self.doantn_year_end_submitted(year),
            self.doantn_collective_in_review(year),
            self.doantn_collective_rejected(),
            self.hoiphunu_ad_hoc(),
            self.hoiphunu_returned(year),
            self.hoiphunu_collective_in_review(year),
            self.hoiphunu_digital_submitted(),
            self.tramyte_year_end_decided(year),
            self.tramyte_digital_suspended(),
            self.tramyte_withdrawn(year),
            self.tramyte_draft(year),
            self.vanphong_awaiting_decision(year),
            self.village_families_posted(),
            self.village_families_objection(),
            self.village_in_council(year),
            self.village_rejected_by_council(year),
        ]

    def thcs_year_end(self, year) -> Dossier:
        """SCENARIO: 12 LĐTT, 2 CSTĐ cơ sở, 1 TTLĐTT; returned once for a report, resubmitted, to council."""
        dossier = self.dossier("THCS", "year_end", f"Đề nghị công nhận danh hiệu thi đua năm học {year - 1}-{year} "
                               "của Trường THCS Nguyễn Lương Bằng", "15/TTr-THCS")
        teachers = [
            "Nguyễn Thị Thu Hương", "Lê Thị Minh Nguyệt", "Trần Văn Quang", "Phạm Thị Hồng Nhung", "Vũ Đức Anh",
            "Đỗ Thị Thanh Tâm", "Hoàng Văn Long", "Bùi Thị Ngọc Ánh", "Ngô Thị Lệ Quyên", "Đinh Văn Hải",
            "Mai Thị Phương", "Tạ Văn Cường",
        ]
        ldtt = {
            name: self.nominate(dossier, "LDTT", name, "Hoàn thành tốt nhiệm vụ; tích cực tham gia các phong "
                                "trào thi đua của nhà trường và của xã.")
            for name in teachers
        }
        cstd_a = self.nominate(dossier, "CSTDCS", "Nguyễn Thị Thu Hương",
                               "Đạt «Lao động tiên tiến»; sáng kiến «Ứng dụng phần mềm GeoGebra trong dạy học hình học "
                               "lớp 8» được Hội đồng sáng kiến cơ sở công nhận.")
        cstd_b = self.nominate(dossier, "CSTDCS", "Lê Thị Minh Nguyệt",
                               "Đạt «Lao động tiên tiến»; hoàn thành xuất sắc nhiệm vụ; có 3 học sinh đạt giải "
                               "học sinh giỏi cấp thành phố.")
        self.nominate(dossier, "TTLDTT", "Tổ Khoa học Tự nhiên", "11/12 thành viên đạt «Lao động tiên tiến»; tổ "
                      "hoàn thành tốt nhiệm vụ năm học.", position="Trường THCS Nguyễn Lương Bằng")
        dossier_docs = [DocumentKind.TO_TRINH, DocumentKind.DANH_SACH, DocumentKind.BIEN_BAN_BINH_XET]
        wrong_report = None
        for nomination in dossier.nominations.order_by("pk"):
            if nomination.pk == cstd_b.pk:
                # The file uploaded as her CSTĐ report is the LĐTT list: the reviewer will ask for the report.
                wrong_report = self.upload(dossier, DocumentKind.BAO_CAO_THANH_TICH, nomination,
                                           note="Tep tai nham: danh sach de nghi, khong phai bao cao thanh tich")
            else:
                self.upload(dossier, DocumentKind.BAO_CAO_THANH_TICH, nomination)
        self.upload(dossier, DocumentKind.XAC_NHAN_SANG_KIEN, cstd_a, note="Sang kien cap co so da duoc cong nhan")
        for kind in dossier_docs:
            self.upload(dossier, kind)
        self.review(dossier)
        self.act(dossier, Action.RETURN_FOR_REVISION, "canbovhxh",
                 reason="Bổ sung báo cáo thành tích cá nhân đề nghị «Chiến sĩ thi đua cơ sở» của cô Lê Thị Minh Nguyệt "
                        "(tệp đã nộp là danh sách đề nghị, không phải báo cáo thành tích).")
        self.upload(dossier, DocumentKind.BAO_CAO_THANH_TICH, cstd_b, replaces=wrong_report,
                    note="Bao cao thanh tich de nghi Chien si thi dua co so")
        self.review(dossier)
        self.act(dossier, Action.ASSESS_NOMINATION, "canbovhxh", nomination=ldtt["Tạ Văn Cường"].pk, eligible=False,
                 reason="Nghỉ việc riêng 50 ngày trong năm học, vượt thời gian quy định để xét «Lao động tiên tiến».")
        self.act(dossier, Action.FORWARD_TO_COUNCIL, "canbovhxh")
        return dossier

    def thcs_digital_draft(self) -> Dossier:
        """A complete draft the unit can submit now."""
        dossier = self.dossier("THCS", "digital", "Đề nghị Giấy khen trong phong trào «Chuyển đổi số» của Trường THCS "
                               "Nguyễn Lương Bằng", "21/TTr-THCS")
        self.nominate(dossier, "GKCT", "Đinh Văn Hải", "Xây dựng kho học liệu số và hướng dẫn đồng nghiệp dạy học "
                      "trực tuyến.")
        self.nominate(dossier, "GKCT", "Trương Thị Yến", "Số hóa hồ sơ học sinh, triển khai sổ điểm điện tử toàn "
                      "trường.")
        self.documents(dossier)
        return dossier

    def thcs_student_ad_hoc(self) -> Dossier:
        """Đột xuất, simplified procedure: straight to the Chair, who signs."""
        dossier = self.dossier("THCS", "ad_hoc", "Đề nghị Giấy khen đột xuất cho em Nguyễn Minh Khôi, học sinh lớp 9A",
                               "18/TTr-THCS")
        self.nominate(dossier, "GKCT", "Nguyễn Minh Khôi", "Nhặt được ví có 12 triệu đồng và giấy tờ tùy thân, đã trả "
                      "lại cho người đánh rơi.")
        self.documents(dossier)
        self.review(dossier)
        self.act(dossier, Action.FORWARD_TO_CHAIR, "canbovhxh")
        self.decide(dossier)
        return dossier

    def doantn_digital(self) -> Dossier:
        """SCENARIO: Giấy khen for 3 members in the digital-transformation campaign; voted and decided."""
        dossier = self.dossier("DTN", "digital", "Đề nghị Giấy khen cho đoàn viên có thành tích trong phong trào "
                               "«Chuyển đổi số giai đoạn 2021-2025»", "32/TTr-ĐTN")
        self.nominate(dossier, "GKCT", "Trần Minh Tuấn", "Chỉ đạo đội hình thanh niên tình nguyện hướng dẫn người dân "
                      "cài đặt và sử dụng VNeID, dịch vụ công trực tuyến.")
        self.nominate(dossier, "GKCT", "Nguyễn Thị Thảo", "Hướng dẫn 320 lượt người dân thôn Thanh Liễu thanh toán "
                      "không dùng tiền mặt.")
        self.nominate(dossier, "GKCT", "Lê Hoàng Nam", "Xây dựng bản đồ số các điểm du lịch, di tích của xã.")
        self.documents(dossier)
        self.review(dossier)
        self.act(dossier, Action.FORWARD_TO_COUNCIL, "canbovhxh")
        self.close_vote(dossier)
        self.decide(dossier)
        return dossier

    def doantn_year_end_submitted(self, year) -> Dossier:
        dossier = self.dossier("DTN", "year_end", f"Đề nghị công nhận danh hiệu «Lao động tiên tiến» năm {year} "
                               "của Đoàn xã", "35/TTr-ĐTN")
        self.nominate(dossier, "LDTT", "Phạm Quốc Bảo", "Hoàn thành tốt nhiệm vụ được giao.")
        self.nominate(dossier, "LDTT", "Vũ Thị Hải Yến", "Hoàn thành tốt nhiệm vụ được giao.")
        self.documents(dossier)
        self.act(dossier, Action.SUBMIT, "doantn")
        return dossier

    def doantn_collective_in_review(self, year) -> Dossier:
        dossier = self.dossier("DTN", "year_end", f"Đề nghị Giấy khen cho Chi đoàn thôn Thanh Liễu năm {year}",
                               "36/TTr-ĐTN")
        nomination = self.nominate(dossier, "GKCT-TT", "Chi đoàn thôn Thanh Liễu", "Dẫn đầu khối chi đoàn thôn về "
                                   "phong trào thanh niên tình nguyện.", position="Đoàn TNCS Hồ Chí Minh xã")
        self.documents(dossier)
        self.review(dossier)
        self.act(dossier, Action.ASSESS_NOMINATION, "canbovhxh", nomination=nomination.pk, eligible=True)
        return dossier

    def doantn_collective_rejected(self) -> Dossier:
        dossier = self.dossier("DTN", "digital", "Đề nghị Giấy khen cho Chi đoàn thôn An Đông (Chuyển đổi số)",
                               "33/TTr-ĐTN")
        self.nominate(dossier, "GKCT-TT", "Chi đoàn thôn An Đông", "Hỗ trợ người dân đăng ký tài khoản định danh "
                      "điện tử.", position="Đoàn TNCS Hồ Chí Minh xã")
        self.documents(dossier)
        self.review(dossier)
        self.act(dossier, Action.REJECT, "canbovhxh",
                 reason="Thành tích đề nghị đã được khen thưởng tại Quyết định của Ban Thường vụ Đoàn; một thành tích "
                        "không khen thưởng nhiều lần (Điều 5 Luật Thi đua, khen thưởng 2022).")
        return dossier

    def hoiphunu_ad_hoc(self) -> Dossier:
        """SCENARIO: đột xuất for a member who saved a child; tờ trình + tóm tắt only; straight to the Chair."""
        dossier = self.dossier("HLHPN", "ad_hoc", "Đề nghị Giấy khen đột xuất cho chị Đoàn Thị Xuân đã dũng cảm cứu "
                               "người", "12/TTr-HPN")
        self.nominate(dossier, "GKCT", "Đoàn Thị Xuân", "Dũng cảm lao xuống sông Thái Bình cứu cháu bé 7 tuổi bị đuối "
                      "nước.")
        self.documents(dossier)
        self.review(dossier)
        self.act(dossier, Action.FORWARD_TO_CHAIR, "canbovhxh")
        return dossier

    def hoiphunu_returned(self, year) -> Dossier:
        dossier = self.dossier("HLHPN", "year_end", "Đề nghị Giấy khen cho cán bộ, hội viên phụ nữ tiêu biểu năm "
                               f"{year}", "14/TTr-HPN")
        self.nominate(dossier, "GKCT", "Trần Thị Hoa", "Vận động 40 hội viên tham gia mô hình tiết kiệm tín dụng.")
        self.nominate(dossier, "GKCT", "Lê Thị Thắm", "Xây dựng mô hình «Phụ nữ giúp nhau phát triển kinh tế».")
        self.documents(dossier)
        self.review(dossier)
        self.act(dossier, Action.RETURN_FOR_REVISION, "canbovhxh",
                 reason="Biên bản bình xét chưa có chữ ký của người chủ trì và thư ký cuộc họp; đề nghị bổ sung bản "
                        "có đủ chữ ký.")
        return dossier

    def hoiphunu_collective_in_review(self, year) -> Dossier:
        dossier = self.dossier("HLHPN", "year_end", f"Đề nghị Giấy khen cho Chi hội Phụ nữ thôn Lạc Thị năm {year}",
                               "15/TTr-HPN")
        self.nominate(dossier, "GKCT-TT", "Chi hội Phụ nữ thôn Lạc Thị", "Chi hội vững mạnh xuất sắc, tăng 25 hội "
                      "viên mới.", position="Hội Liên hiệp Phụ nữ xã")
        self.documents(dossier)
        self.review(dossier, reviewer="vhxh")
        return dossier

    def hoiphunu_digital_submitted(self) -> Dossier:
        dossier = self.dossier("HLHPN", "digital", "Đề nghị Giấy khen cho hội viên tiêu biểu trong phong trào "
                               "«Chuyển đổi số»", "16/TTr-HPN")
        self.nominate(dossier, "GKCT", "Nguyễn Thị Lý", "Đưa sản phẩm của 15 hộ hội viên lên sàn thương mại điện tử.")
        self.documents(dossier)
        self.act(dossier, Action.SUBMIT, "hoiphunu")
        return dossier

    def tramyte_year_end_decided(self, year) -> Dossier:
        dossier = self.dossier("TYT", "year_end", f"Đề nghị công nhận danh hiệu thi đua năm {year} của Trạm Y tế xã",
                               "08/TTr-TYT")
        for name in ("Nguyễn Văn Thành", "Phạm Thị Duyên", "Trần Thị Kim Oanh"):
            self.nominate(dossier, "LDTT", name, "Hoàn thành tốt nhiệm vụ khám, chữa bệnh và y tế dự phòng.")
        self.nominate(dossier, "TTLDTT", "Trạm Y tế xã", "Hoàn thành tốt các chỉ tiêu y tế; 4/5 viên chức đạt «Lao "
                      "động tiên tiến».", position="Trạm Y tế xã Nguyễn Lương Bằng")
        self.documents(dossier)
        self.review(dossier)
        self.act(dossier, Action.FORWARD_TO_COUNCIL, "vhxh")
        self.close_vote(dossier)
        self.decide(dossier)
        return dossier

    def tramyte_digital_suspended(self) -> Dossier:
        """Suspended while a complaint about a nominee is being settled (DOMAIN §1: no award while pending)."""
        dossier = self.dossier("TYT", "digital", "Đề nghị Giấy khen trong phong trào «Chuyển đổi số» của Trạm Y tế xã",
                               "09/TTr-TYT")
        nomination = self.nominate(dossier, "GKCT", "Lê Văn Tài", "Triển khai hồ sơ sức khỏe điện tử cho 85% người "
                                   "dân của xã.")
        self.nominate(dossier, "GKCT", "Phạm Thị Duyên", "Triển khai đặt lịch khám qua ứng dụng.")
        self.documents(dossier)
        self.review(dossier, reviewer="vhxh")
        complaint = services.complaint_register(
            dossier=dossier, actor=self.user("canbovhxh"), complainant="Ông Trần Văn Sáu, thôn An Đông",
            summary="Phản ánh số liệu hồ sơ sức khỏe điện tử nêu trong thành tích của ông Lê Văn Tài chưa đúng "
                    "thực tế.",
            received_on=self.today, nomination=nomination,
        )
        self.act(dossier, Action.SUSPEND, "vhxh", complaint=complaint.pk,
                 reason="Tạm dừng xét để xác minh nội dung phản ánh về thành tích của ông Lê Văn Tài.")
        return dossier

    def tramyte_withdrawn(self, year) -> Dossier:
        dossier = self.dossier("TYT", "year_end", f"Đề nghị Giấy khen năm {year} cho ông Lê Văn Tài", "10/TTr-TYT")
        self.nominate(dossier, "GKCT", "Lê Văn Tài", "Hoàn thành xuất sắc công tác tiêm chủng mở rộng.")
        self.documents(dossier)
        self.act(dossier, Action.SUBMIT, "tramyte")
        self.act(dossier, Action.WITHDRAW, "tramyte",
                 reason="Đơn vị rút hồ sơ để gộp vào hồ sơ đề nghị chuyên đề «Chuyển đổi số».")
        return dossier

    def tramyte_draft(self, year) -> Dossier:
        """An unfinished draft: documents still missing."""
        dossier = self.dossier("TYT", "year_end", f"Đề nghị Giấy khen năm {year} cho Trạm Y tế xã (dự thảo)", "")
        self.nominate(dossier, "GKCT", "Trần Thị Kim Oanh", "Làm tốt công tác chăm sóc sức khỏe bà mẹ, trẻ em.")
        return dossier

    def vanphong_awaiting_decision(self, year) -> Dossier:
        """SCENARIO: the Vice-Chair is on the LĐTT list, so the Chair signs (nobody signs an award to himself)."""
        dossier = self.dossier("VP", "year_end", f"Đề nghị công nhận danh hiệu «Lao động tiên tiến» năm {year} cho "
                               "cán bộ, công chức UBND xã", "41/TTr-VP")
        for name in ("Nguyễn Văn Hưng", "Đỗ Thị Mai", "Hà Thị Thu", "Đào Văn Minh"):
            self.nominate(dossier, "LDTT", name, "Hoàn thành tốt nhiệm vụ được giao.")
        self.documents(dossier)
        self.review(dossier)
        self.act(dossier, Action.FORWARD_TO_COUNCIL, "canbovhxh")
        self.close_vote(dossier)
        return dossier

    def _families(self, unit_code: str, households, reference_number: str) -> Dossier:
        village = self.world.unit(unit_code)
        dossier = self.dossier(unit_code, "year_end", f"Đề nghị công nhận danh hiệu «Gia đình văn hóa» năm "
                               f"{self.today.year} của {village.name}", reference_number)
        for household in households:
            self.nominate(dossier, "GDVH", household, "Được hội nghị thôn bình xét đạt các tiêu chuẩn «Gia đình văn "
                          "hóa» (Nghị định 86/2023/NĐ-CP).", position=village.name)
        self.documents(dossier)
        self.review(dossier)
        self.act(dossier, Action.POST_PUBLICLY, "canbovhxh")
        return dossier

    def village_families_posted(self) -> Dossier:
        return self._families("THON-TL", ["Hộ ông Nguyễn Văn Bình", "Hộ bà Trần Thị Lựu", "Hộ ông Phạm Văn Cừ",
                                          "Hộ ông Lê Văn Điền", "Hộ bà Vũ Thị Gấm"], "05/TTr-TTL")

    def village_families_objection(self) -> Dossier:
        """SCENARIO §4: an objection against one household suspends the list; found groundless, it resumes."""
        dossier = self._families("THON-PL", ["Hộ ông Đỗ Văn Hòa", "Hộ ông Bùi Văn Khang", "Hộ bà Nguyễn Thị Loan",
                                             "Hộ ông Trần Văn Mạnh"], "07/TTr-TPL")
        household = dossier.nominations.get(nominee_name="Hộ ông Bùi Văn Khang")
        reviewer = self.user("canbovhxh")
        complaint = services.complaint_register(
            dossier=dossier, actor=reviewer, complainant="Bà Nguyễn Thị Nụ, thôn Phú Lương",
            summary="Phản ánh hộ ông Bùi Văn Khang xây dựng lấn chiếm hành lang đường thôn.",
            received_on=self.today, nomination=household,
        )
        self.act(dossier, Action.SUSPEND, "canbovhxh", complaint=complaint.pk,
                 reason="Tạm dừng để xác minh phản ánh về hộ ông Bùi Văn Khang.")
        services.complaint_close(
            complaint=complaint, actor=reviewer, status=ComplaintStatus.DISMISSED,
            outcome="Tổ công tác thôn và công chức địa chính đã xác minh: công trình xây trong đất ở của gia đình, "
                    "không lấn chiếm; phản ánh không có cơ sở.",
        )
        self.act(dossier, Action.RESUME, "canbovhxh")
        return dossier

    def _village_title(self, unit_code: str, reference_number: str) -> Dossier:
        village = self.world.unit(unit_code)
        dossier = self.dossier(unit_code, "year_end", f"Đề nghị công nhận danh hiệu «Thôn văn hóa» năm "
                               f"{self.today.year} cho {village.name}", reference_number)
        self.nominate(dossier, "TDPVH", village.name, "Kinh tế ổn định, đời sống văn hóa lành mạnh, cảnh quan "
                      "môi trường sạch đẹp, an ninh trật tự bảo đảm.", position=self.world.commune.name)
        self.documents(dossier)
        self.review(dossier)
        self.act(dossier, Action.FORWARD_TO_COUNCIL, "vhxh")
        return dossier

    def village_in_council(self, year) -> Dossier:
        return self._village_title("THON-TL", "06/TTr-TTL")

    def village_rejected_by_council(self, year) -> Dossier:
        dossier = self._village_title("THON-PL", "08/TTr-TPL")
        self.close_vote(dossier, failed={"Thôn Phú Lương"})
        return dossier
