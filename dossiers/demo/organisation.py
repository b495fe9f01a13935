"""The demo commune of reference/seed-plan-summary.md: units, emulation blocks, people and accounts.

Names of people are invented (SCENARIO.md), except the Chair who signed Kế hoạch 23/KH-UBND.
"""

from dataclasses import dataclass, field
from datetime import date

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from roles import services as role_services
from roles.catalog import ADMINISTRATORS_GROUP, Perm
from roles.models import Organization, OrganizationKind, Person, Role, UnitType

COMMUNE_CODE = "UBND"
COMMUNE_NAME = "UBND xã Nguyễn Lương Bằng"
PLACE_NAME = "Nguyễn Lương Bằng"
# The two-level local government (and so this commune) exists from 01/7/2025.
COMMUNE_FROM = date(2025, 7, 1)
EMAIL_DOMAIN = "vinhdanh.example"

# (code, name, short name, unit type, block code)
UNITS = [
    ("VP", "Văn phòng HĐND và UBND xã", "Văn phòng", UnitType.OFFICE, "KCQ"),
    ("KT", "Phòng Kinh tế", "Phòng Kinh tế", UnitType.OFFICE, "KCQ"),
    ("VHXH", "Phòng Văn hóa - Xã hội", "Phòng VH-XH", UnitType.OFFICE, "KCQ"),
    ("MTTQ", "Ủy ban MTTQ Việt Nam xã", "MTTQ xã", UnitType.MASS_ORGANIZATION, "KCQ"),
    ("DTN", "Đoàn TNCS Hồ Chí Minh xã", "Đoàn Thanh niên", UnitType.MASS_ORGANIZATION, "KCQ"),
    ("HLHPN", "Hội Liên hiệp Phụ nữ xã", "Hội LHPN xã", UnitType.MASS_ORGANIZATION, "KCQ"),
    ("HND", "Hội Nông dân xã", "Hội Nông dân", UnitType.MASS_ORGANIZATION, "KCQ"),
    ("CCB", "Hội Cựu chiến binh xã", "Hội CCB", UnitType.MASS_ORGANIZATION, "KCQ"),
    ("TYT", "Trạm Y tế xã", "Trạm Y tế", UnitType.PUBLIC_SERVICE, "KSN"),
    ("MN", "Trường Mầm non Nguyễn Lương Bằng", "Trường Mầm non", UnitType.PUBLIC_SERVICE, "KSN"),
    ("TH", "Trường Tiểu học Nguyễn Lương Bằng", "Trường Tiểu học", UnitType.PUBLIC_SERVICE, "KSN"),
    ("THCS", "Trường THCS Nguyễn Lương Bằng", "Trường THCS", UnitType.PUBLIC_SERVICE, "KSN"),
    ("THON-TL", "Thôn Thanh Liễu", "Thôn Thanh Liễu", UnitType.VILLAGE, "KTH"),
    ("THON-PL", "Thôn Phú Lương", "Thôn Phú Lương", UnitType.VILLAGE, "KTH"),
    ("THON-AD", "Thôn An Đông", "Thôn An Đông", UnitType.VILLAGE, "KTH"),
    ("THON-LT", "Thôn Lạc Thị", "Thôn Lạc Thị", UnitType.VILLAGE, "KTH"),
]

BLOCKS = [
    ("KCQ", "Khối các cơ quan, Mặt trận và đoàn thể xã"),
    ("KSN", "Khối trường học và y tế"),
    ("KTH", "Khối các thôn"),
]


@dataclass(frozen=True)
class Account:
    username: str
    full_name: str
    position: str
    organization: str  # an organisation code; COMMUNE_CODE for the commune itself
    roles: tuple[tuple[str, str], ...] = ()  # (role, organisation code)
    staff: bool = False
    description: str = ""


_C = COMMUNE_CODE
ACCOUNTS = [
    Account("chutich", "Bùi Trọng Thược", "Chủ tịch UBND xã", _C,
            ((Role.CHAIR, _C), (Role.COUNCIL_MEMBER, _C)), description="Chủ tịch UBND xã, Chủ tịch Hội đồng TĐKT"),
    Account("phochutich", "Nguyễn Văn Hưng", "Phó Chủ tịch UBND xã", _C,
            ((Role.VICE_CHAIR, _C), (Role.COUNCIL_MEMBER, _C)),
            description="Phó Chủ tịch UBND xã, Phó Chủ tịch thường trực Hội đồng; ký «KT. CHỦ TỊCH» theo ủy quyền"),
    Account("vhxh", "Phạm Thị Thu Hà", "Trưởng phòng Văn hóa - Xã hội", "VHXH",
            ((Role.OFFICE_HEAD, _C), (Role.COUNCIL_MEMBER, _C), (Role.COUNCIL_SECRETARY, _C)),
            description="Trưởng phòng VH-XH: thẩm định, Thư ký Hội đồng"),
    Account("canbovhxh", "Trần Thị Lan", "Công chức Phòng Văn hóa - Xã hội", "VHXH", ((Role.REVIEWER, _C),),
            description="Cán bộ thẩm định"),
    Account("vanthu", "Đỗ Thị Mai", "Văn thư", "VP", ((Role.CLERK, _C),), description="Văn thư"),
    Account("kiemtra", "Lê Văn Kiên", "Cán bộ kiểm tra, giám sát", _C, ((Role.AUDITOR, _C),),
            description="Kiểm tra, giám sát (chỉ xem)"),
    Account("quantri", "Vũ Minh Quân", "Quản trị hệ thống", "VP", staff=True,
            description="Quản trị hệ thống: tài khoản và danh mục, không có quyền nghiệp vụ"),
    Account("doantn", "Nguyễn Thành Đạt", "Bí thư Đoàn TNCS Hồ Chí Minh xã", "DTN", ((Role.UNIT_HEAD, "DTN"),),
            description="Thủ trưởng đơn vị"),
    Account("hoiphunu", "Hoàng Thị Nga", "Chủ tịch Hội Liên hiệp Phụ nữ xã", "HLHPN", ((Role.UNIT_HEAD, "HLHPN"),),
            description="Thủ trưởng đơn vị"),
    Account("thcs", "Phạm Văn Thắng", "Hiệu trưởng Trường THCS Nguyễn Lương Bằng", "THCS", ((Role.UNIT_HEAD, "THCS"),),
            description="Thủ trưởng đơn vị"),
    Account("tramyte", "Đinh Thị Hạnh", "Trạm trưởng Trạm Y tế xã", "TYT", ((Role.UNIT_HEAD, "TYT"),),
            description="Thủ trưởng đơn vị"),
    Account("hoidong1", "Lương Văn Phúc", "Chủ tịch Ủy ban MTTQ Việt Nam xã", "MTTQ", ((Role.COUNCIL_MEMBER, _C),),
            description="Thành viên Hội đồng TĐKT"),
    Account("hoidong2", "Ngô Quang Vinh", "Chánh Văn phòng HĐND và UBND xã", "VP", ((Role.COUNCIL_MEMBER, _C),),
            description="Thành viên Hội đồng TĐKT"),
    Account("hoidong3", "Trịnh Văn Lộc", "Trưởng phòng Kinh tế", "KT", ((Role.COUNCIL_MEMBER, _C),),
            description="Thành viên Hội đồng TĐKT"),
    Account("hoidong4", "Đặng Văn Sơn", "Chủ tịch Hội Nông dân xã", "HND", ((Role.COUNCIL_MEMBER, _C),),
            description="Thành viên Hội đồng TĐKT"),
    Account("hoidong5", "Mạc Văn Toản", "Chủ tịch Hội Cựu chiến binh xã", "CCB", ((Role.COUNCIL_MEMBER, _C),),
            description="Thành viên Hội đồng TĐKT"),
    Account("hoidong6", "Vũ Thị Thanh", "Hiệu trưởng Trường Mầm non Nguyễn Lương Bằng", "MN",
            ((Role.COUNCIL_MEMBER, _C),), description="Thành viên Hội đồng TĐKT"),
    # Beyond DESIGN §12: proposers for the commune staff and for two villages' "Gia đình văn hóa" lists.
    Account("vanphong", "Cao Thị Huyền", "Phó Chánh Văn phòng HĐND và UBND xã", "VP", ((Role.UNIT_HEAD, "VP"),),
            description="Thủ trưởng đơn vị (đề nghị cho cán bộ, công chức xã)"),
    Account("truongthon1", "Nguyễn Văn Khải", "Trưởng thôn Thanh Liễu", "THON-TL", ((Role.UNIT_HEAD, "THON-TL"),),
            description="Trưởng thôn"),
    Account("truongthon2", "Phạm Văn Dũng", "Trưởng thôn Phú Lương", "THON-PL", ((Role.UNIT_HEAD, "THON-PL"),),
            description="Trưởng thôn"),
]

# People of the units who are nominees but have no account: (unit code, full name, position, date of birth).
PEOPLE = [
    ("THCS", "Nguyễn Thị Thu Hương", "Giáo viên Toán", date(1985, 3, 12)),
    ("THCS", "Lê Thị Minh Nguyệt", "Giáo viên Ngữ văn", date(1987, 9, 2)),
    ("THCS", "Trần Văn Quang", "Phó Hiệu trưởng", date(1979, 5, 20)),
    ("THCS", "Phạm Thị Hồng Nhung", "Giáo viên Tiếng Anh", date(1990, 11, 8)),
    ("THCS", "Vũ Đức Anh", "Giáo viên Vật lý", date(1988, 1, 25)),
    ("THCS", "Đỗ Thị Thanh Tâm", "Giáo viên Hóa học", date(1986, 7, 14)),
    ("THCS", "Hoàng Văn Long", "Giáo viên Thể dục", date(1984, 4, 30)),
    ("THCS", "Bùi Thị Ngọc Ánh", "Giáo viên Lịch sử", date(1991, 6, 18)),
    ("THCS", "Ngô Thị Lệ Quyên", "Giáo viên Sinh học", date(1989, 12, 3)),
    ("THCS", "Đinh Văn Hải", "Giáo viên Tin học", date(1992, 2, 9)),
    ("THCS", "Mai Thị Phương", "Giáo viên Địa lý", date(1983, 8, 21)),
    ("THCS", "Lương Thị Bích", "Nhân viên kế toán", date(1982, 10, 5)),
    ("THCS", "Tạ Văn Cường", "Giáo viên Âm nhạc", date(1993, 5, 16)),
    ("THCS", "Trương Thị Yến", "Giáo viên Mỹ thuật", date(1994, 3, 27)),
    ("THCS", "Nguyễn Minh Khôi", "Học sinh lớp 9A", date(2011, 9, 9)),
    ("DTN", "Trần Minh Tuấn", "Phó Bí thư Đoàn xã", date(1995, 4, 11)),
    ("DTN", "Nguyễn Thị Thảo", "Bí thư Chi đoàn thôn Thanh Liễu", date(1998, 8, 19)),
    ("DTN", "Lê Hoàng Nam", "Bí thư Chi đoàn thôn An Đông", date(1997, 1, 7)),
    ("DTN", "Phạm Quốc Bảo", "Ủy viên Ban Chấp hành Đoàn xã", date(1999, 12, 24)),
    ("DTN", "Vũ Thị Hải Yến", "Ủy viên Ban Chấp hành Đoàn xã", date(2000, 6, 2)),
    ("HLHPN", "Trần Thị Hoa", "Chi hội trưởng Chi hội Phụ nữ thôn Lạc Thị", date(1978, 2, 14)),
    ("HLHPN", "Nguyễn Thị Lý", "Phó Chủ tịch Hội LHPN xã", date(1981, 9, 28)),
    ("HLHPN", "Đoàn Thị Xuân", "Hội viên Chi hội thôn Phú Lương", date(1986, 3, 3)),
    ("HLHPN", "Lê Thị Thắm", "Chi hội trưởng Chi hội Phụ nữ thôn An Đông", date(1975, 11, 11)),
    ("TYT", "Nguyễn Văn Thành", "Bác sĩ", date(1980, 7, 7)),
    ("TYT", "Phạm Thị Duyên", "Điều dưỡng", date(1990, 10, 10)),
    ("TYT", "Trần Thị Kim Oanh", "Nữ hộ sinh", date(1988, 5, 5)),
    ("TYT", "Lê Văn Tài", "Y sĩ", date(1985, 12, 1)),
    ("VP", "Hà Thị Thu", "Công chức Tư pháp - Hộ tịch", date(1987, 4, 4)),
    ("VP", "Đào Văn Minh", "Công chức Địa chính - Xây dựng", date(1984, 6, 6)),
]


@dataclass
class Commune:
    """What the rest of the seed needs from the organisation: organisations and users by code and name."""

    commune: Organization
    organizations: dict[str, Organization] = field(default_factory=dict)
    users: dict[str, object] = field(default_factory=dict)
    people: dict[str, Person] = field(default_factory=dict)

    def unit(self, code: str) -> Organization:
        return self.organizations[code]

    def person(self, full_name: str) -> Person:
        return self.people[full_name]


def _split_name(full_name: str) -> tuple[str, str]:
    """Family and middle names as first_name, the given name as last_name: get_full_name() reads right."""
    head, _, given = full_name.rpartition(" ")
    return head, given


def build_commune() -> Commune:
    """Create the commune, its emulation blocks and units (no audit: organisations are configuration)."""
    commune = Organization.objects.create(
        kind=OrganizationKind.COMMUNE, name=COMMUNE_NAME, short_name="UBND xã", code=COMMUNE_CODE, place_name=PLACE_NAME
    )
    world = Commune(commune=commune, organizations={COMMUNE_CODE: commune})
    for code, name in BLOCKS:
        world.organizations[code] = Organization.objects.create(
            kind=OrganizationKind.BLOCK, name=name, code=code, parent=commune, commune=commune
        )
    for code, name, short_name, unit_type, block in UNITS:
        world.organizations[code] = Organization.objects.create(
            kind=OrganizationKind.UNIT, unit_type=unit_type, name=name, short_name=short_name, code=code,
            parent=commune, commune=commune, block=world.organizations[block],
        )
    return world


def build_accounts(world: Commune, password_hash: str, today: date) -> None:
    """Create the demo users, their Person rows, memberships (audited) and the Chair's delegation."""
    User = get_user_model()
    administrators = Group.objects.get(name=ADMINISTRATORS_GROUP)
    valid_from = min(COMMUNE_FROM, today)
    for account in ACCOUNTS:
        first_name, last_name = _split_name(account.full_name)
        user = User.objects.create(
            username=account.username, first_name=first_name, last_name=last_name,
            email=f"{account.username}@{EMAIL_DOMAIN}", is_staff=account.staff, password=password_hash,
        )
        if account.staff:
            user.groups.add(administrators)
        world.users[account.username] = user
        world.people[account.full_name] = Person.objects.create(
            full_name=account.full_name, position=account.position,
            organization=world.organizations[account.organization], user=user,
        )
        for role, code in account.roles:
            role_services.membership_grant(
                user=user, organization=world.organizations[code], role=role, valid_from=valid_from, actor=None
            )
    for code, full_name, position, born in PEOPLE:
        world.people[full_name] = Person.objects.create(
            full_name=full_name, position=position, date_of_birth=born, organization=world.organizations[code]
        )
    delegation_from = min(date(today.year, 1, 2), today)
    role_services.delegation_create(
        principal=world.users["chutich"],
        delegate=world.users["phochutich"],
        organization=world.commune,
        permissions=[Perm.DECIDE_FOR_COMMUNE],
        valid_from=delegation_from,
        # Two calendar years, so the demo stays usable for a while after it is seeded.
        valid_to=date(today.year + 1, 12, 31),
        instrument=(
            f"Quyết định số 05/QĐ-UBND ngày {delegation_from:%d/%m/%Y} của Chủ tịch UBND xã về việc phân công "
            f"Phó Chủ tịch ký thay Chủ tịch các quyết định khen thưởng"
        ),
        signing_mode="KT.",
        actor=None,
    )
