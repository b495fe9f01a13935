"""The award catalogue (DOMAIN §2.2, §13) with the default voting rules, and the demo campaigns.

Rules are data: every figure below is a default the administrators may change in a new version.
Giấy khen is one row per subject (individual, collective, household), because an award type has one
subject and its documents differ (DOMAIN §3.2: Giấy khen gia đình has the family's own report).
"""

from datetime import date, timedelta
from decimal import Decimal

from dossiers.models import (
    AwardCategory,
    AwardType,
    Campaign,
    CommendationKind,
    DocumentKind,
    Subject,
    ThresholdBase,
    VoteMethod,
)
from roles.models import Organization

RULES_FROM = date(2025, 7, 1)  # NĐ 129/2025 and NĐ 152/2025 in force
PLAN = "Kế hoạch số 23/KH-UBND ngày 11/8/2025 của UBND xã Nguyễn Lương Bằng"
AUTHORITY = "Chủ tịch UBND xã"
CHAIR_POWER = "Điều 59 Nghị định 129/2025/NĐ-CP; Điều 80 khoản 3 Luật Thi đua, khen thưởng 2022"
# A campaign whose deadline has passed on the seed date is kept open this many days longer.
DEMO_OPEN_DAYS = 30

K = CommendationKind
D = DocumentKind
ALL_KINDS = [K.REGULAR, K.THEMATIC, K.AD_HOC, K.BY_ROUND]


def _same_for_all(*documents) -> dict[str, list[str]]:
    return {kind.value: [d.value for d in documents] for kind in ALL_KINDS}


# DOMAIN §3.2 matrix. An annual title has the same components whatever the round; a confirmation of an
# initiative is one of the CSTĐ cơ sở alternatives (or "hoàn thành xuất sắc"), so it is not required.
TITLE_DOCUMENTS = _same_for_all(D.TO_TRINH, D.DANH_SACH, D.BIEN_BAN_BINH_XET, D.BAO_CAO_THANH_TICH)
GIAY_KHEN_DOCUMENTS = {
    K.REGULAR.value: [D.TO_TRINH, D.DANH_SACH, D.BIEN_BAN_BINH_XET, D.BAO_CAO_THANH_TICH],
    K.THEMATIC.value: [D.TO_TRINH, D.DANH_SACH, D.BIEN_BAN_BINH_XET, D.BAO_CAO_THANH_TICH],
    K.BY_ROUND.value: [D.TO_TRINH, D.DANH_SACH, D.BIEN_BAN_BINH_XET, D.BAO_CAO_THANH_TICH],
    # Thủ tục đơn giản (Luật 2022 Điều 85): tờ trình + báo cáo tóm tắt thành tích only.
    K.AD_HOC.value: [D.TO_TRINH, D.TOM_TAT_THANH_TICH],
}
GIA_DINH_VAN_HOA_DOCUMENTS = _same_for_all(D.TO_TRINH, D.DANH_SACH, D.BIEN_BAN_BINH_XET)

MAJORITY_OF_PRESENT = {
    "vote_method": VoteMethod.OPEN,
    "threshold_percent": 51,
    "threshold_base": ThresholdBase.PRESENT,
    "quorum_numerator": 2,
    "quorum_denominator": 3,
}

AWARD_TYPES = [
    {
        "code": "LDTT",
        "name": "Lao động tiên tiến",
        "category": AwardCategory.TITLE,
        "subject": Subject.INDIVIDUAL,
        "legal_basis": f"Điều 24 Luật Thi đua, khen thưởng 2022; {CHAIR_POWER}; Nghị định 152/2025/NĐ-CP. "
        "Biểu quyết công khai, quá bán số thành viên có mặt: mặc định theo Quy chế Hội đồng TĐKT xã.",
        "required_documents": TITLE_DOCUMENTS,
        **MAJORITY_OF_PRESENT,
        "cash_multiplier": Decimal("0.30"),
    },
    {
        "code": "CSTDCS",
        "name": "Chiến sĩ thi đua cơ sở",
        "category": AwardCategory.TITLE,
        "subject": Subject.INDIVIDUAL,
        "legal_basis": f"Điều 23 Luật Thi đua, khen thưởng 2022; {CHAIR_POWER}; Quyết định 638/QĐ-BNV năm 2025. "
        "Bỏ phiếu kín, từ 80% tổng số thành viên Hội đồng, thành viên vắng mặt cho ý kiến bằng văn bản: "
        "kế thừa Điều 30 khoản 7 Nghị định 98/2023/NĐ-CP, cần đối chiếu quy định của thành phố.",
        "required_documents": TITLE_DOCUMENTS,
        "vote_method": VoteMethod.SECRET,
        "threshold_percent": 80,
        "threshold_base": ThresholdBase.TOTAL_MEMBERS,
        "quorum_numerator": 2,
        "quorum_denominator": 3,
        "absentee_opinions_allowed": True,
        "eligibility_rules": {"requires_same_year": "LDTT"},
        "cash_multiplier": Decimal("1.00"),
    },
    {
        "code": "TTLDTT",
        "name": "Tập thể lao động tiên tiến",
        "category": AwardCategory.TITLE,
        "subject": Subject.COLLECTIVE,
        "legal_basis": f"Luật Thi đua, khen thưởng 2022 (danh hiệu thi đua đối với tập thể); {CHAIR_POWER}; "
        "Nghị định 152/2025/NĐ-CP. Trên 50% cá nhân trong tập thể đạt «Lao động tiên tiến».",
        "required_documents": TITLE_DOCUMENTS,
        **MAJORITY_OF_PRESENT,
        "eligibility_rules": {"members_ldtt_percent_over": 50},
        "cash_multiplier": Decimal("0.80"),
    },
    *[
        {
            "code": code,
            "name": name,
            "category": AwardCategory.FORM,
            "subject": subject,
            "legal_basis": f"Điều 75 Luật Thi đua, khen thưởng 2022; {CHAIR_POWER}; Điều 85 Luật Thi đua, khen "
            "thưởng 2022 (thủ tục đơn giản cho khen thưởng đột xuất). Tiêu chuẩn chi tiết và mức thưởng theo quy "
            "định của UBND thành phố Hải Phòng.",
            # For a household the báo cáo thành tích is the family's own report (DOMAIN §3.2).
            "required_documents": GIAY_KHEN_DOCUMENTS,
            **MAJORITY_OF_PRESENT,
            "vote_exempt_kinds": [K.AD_HOC.value],
        }
        for code, name, subject in [
            ("GKCT", "Giấy khen của Chủ tịch UBND xã (cá nhân)", Subject.INDIVIDUAL),
            ("GKCT-TT", "Giấy khen của Chủ tịch UBND xã (tập thể)", Subject.COLLECTIVE),
            ("GKCT-HGD", "Giấy khen của Chủ tịch UBND xã (hộ gia đình)", Subject.HOUSEHOLD),
        ]
    ],
    {
        "code": "GDVH",
        "name": "Gia đình văn hóa",
        "category": AwardCategory.TITLE,
        "subject": Subject.HOUSEHOLD,
        "legal_basis": f"Nghị định 86/2023/NĐ-CP; {CHAIR_POWER}. Thôn họp bình xét, niêm yết công khai 10 ngày; "
        "Chủ tịch UBND xã quyết định trong 10 ngày kể từ khi nhận đủ hồ sơ; không qua Hội đồng TĐKT.",
        "required_documents": GIA_DINH_VAN_HOA_DOCUMENTS,
        "requires_council_vote": False,
        "posting_days": 10,
    },
    {
        "code": "TDPVH",
        "name": "Thôn, tổ dân phố văn hóa",
        "category": AwardCategory.TITLE,
        "subject": Subject.COLLECTIVE,
        "legal_basis": f"Điều 30 Luật Thi đua, khen thưởng 2022; Nghị định 86/2023/NĐ-CP; {CHAIR_POWER}.",
        "required_documents": TITLE_DOCUMENTS,
        **MAJORITY_OF_PRESENT,
        "cash_multiplier": Decimal("1.50"),
    },
]

MOVEMENTS = [
    "Cán bộ, công chức, viên chức, người lao động thi đua thực hiện văn hóa công sở",
    "Toàn dân đoàn kết xây dựng đời sống văn hóa",
    "Cả nước chung sức xây dựng nông thôn mới",
    "Vì người nghèo - Không để ai bị bỏ lại phía sau",
    "Đẩy mạnh phát triển kết cấu hạ tầng đồng bộ, hiện đại; thực hành tiết kiệm, chống lãng phí",
    "Chuyển đổi số giai đoạn 2021-2025",
    "Cả nước chung sức phát triển kinh tế - xã hội vùng đồng bào dân tộc thiểu số và miền núi giai đoạn 2024-2030",
    "Cả nước thi đua xây dựng xã hội học tập, đẩy mạnh học tập suốt đời giai đoạn 2023-2030",
]
DIGITAL_TRANSFORMATION = MOVEMENTS[5]


def build_award_types() -> dict[str, AwardType]:
    """Create version 1 (from 01/7/2025) of each catalogue item."""
    awards = {}
    for spec in AWARD_TYPES:
        spec = dict(spec)
        spec["required_documents"] = {k: [str(d) for d in v] for k, v in spec["required_documents"].items()}
        awards[spec["code"]] = AwardType.objects.create(authority=AUTHORITY, valid_from=RULES_FROM, **spec)
    return awards


def _open_on_seed_day(deadline: date, today: date) -> date:
    """Keep a round open for DEMO_OPEN_DAYS after the seed date when its real deadline has passed."""
    return max(deadline, today + timedelta(days=DEMO_OPEN_DAYS))


def build_campaigns(commune: Organization, awards: dict[str, AwardType], today: date) -> dict[str, Campaign]:
    """Create the plan's movements and the year-end and ad-hoc rounds; return the ones the demo files into.

    Dates: the 2025 rounds keep their real deadlines (15/12/2025, 30/11/2025) and are closed when the
    seed runs later; the current year's year-end round closes on 15/12 or DEMO_OPEN_DAYS after the seed
    date, whichever is later; "Chuyển đổi số" is extended the same way so its dossiers can be filed.
    """
    year = today.year
    giay_khen = [awards["GKCT"], awards["GKCT-TT"], awards["GKCT-HGD"]]
    annual = [awards[c] for c in ("LDTT", "CSTDCS", "TTLDTT", "GDVH", "TDPVH")] + giay_khen
    campaigns = {}

    def make(key, award_types, **fields):
        campaign = Campaign.objects.create(commune=commune, **fields)
        campaign.award_types.add(*award_types)
        campaigns[key] = campaign
        return campaign

    for round_year in sorted({2025, year}):
        deadline = date(round_year, 12, 15)
        make(
            f"year_end_{round_year}",
            annual,
            name=f"Tổng kết phong trào thi đua năm {round_year}",
            year=round_year,
            kind=K.REGULAR,
            opens_on=date(round_year, 1, 1),
            submission_deadline=_open_on_seed_day(deadline, today) if round_year == year else deadline,
            legal_basis=f"{PLAN}; Chỉ thị 19/CT-TTg ngày 16/7/2021 của Thủ tướng Chính phủ.",
        )
        make(
            f"ad_hoc_{round_year}",
            giay_khen,
            name=f"Khen thưởng đột xuất năm {round_year}",
            year=round_year,
            kind=K.AD_HOC,
            opens_on=date(round_year, 1, 1),
            submission_deadline=None,
            legal_basis=f"{PLAN}; Điều 85 Luật Thi đua, khen thưởng 2022 (thủ tục đơn giản).",
        )
    for number, name in enumerate(MOVEMENTS, start=1):
        digital = name == DIGITAL_TRANSFORMATION
        deadline = _open_on_seed_day(date(2025, 11, 30), today) if digital else None
        basis = f"{PLAN}: phong trào thi đua «{name}»."
        if digital and deadline != date(2025, 11, 30):
            basis += f" Hạn nhận hồ sơ gia hạn đến {deadline:%d/%m/%Y} (hạn ban đầu 30/11/2025)."
        make(
            "digital" if digital else f"movement_{number}",
            giay_khen + ([awards["GDVH"], awards["TDPVH"]] if number == 2 else []),
            name=name,
            year=2025,
            kind=K.THEMATIC,
            opens_on=date(2025, 1, 1),
            submission_deadline=deadline,
            legal_basis=basis,
        )
    campaigns["year_end"] = campaigns[f"year_end_{year}"]
    campaigns["ad_hoc"] = campaigns[f"ad_hoc_{year}"]
    return campaigns
