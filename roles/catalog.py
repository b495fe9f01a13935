"""The role catalogue (DESIGN §6): each role is a group and a set of permissions on an organisation.

Unit roles are granted on a unit; commune roles on the commune. Administrators are staff users with
model permissions on catalogues only: they hold none of these.
"""

from dataclasses import dataclass

from roles.models import OrganizationKind, Role


class Perm:
    PROPOSE_FOR_UNIT = "propose_for_unit"
    LEAD_UNIT = "lead_unit"
    REVIEW_FOR_COMMUNE = "review_for_commune"
    MANAGE_COUNCIL = "manage_council"
    VOTE_IN_COUNCIL = "vote_in_council"
    DECIDE_FOR_COMMUNE = "decide_for_commune"
    ISSUE_FOR_COMMUNE = "issue_for_commune"
    AUDIT_COMMUNE = "audit_commune"


@dataclass(frozen=True)
class RoleSpec:
    role: str
    group_name: str
    granted_on: str
    permissions: tuple[str, ...]


CATALOG: dict[str, RoleSpec] = {
    spec.role: spec
    for spec in [
        RoleSpec(Role.UNIT_OFFICER, "Cán bộ thi đua đơn vị", OrganizationKind.UNIT, (Perm.PROPOSE_FOR_UNIT,)),
        RoleSpec(
            Role.UNIT_HEAD, "Thủ trưởng đơn vị", OrganizationKind.UNIT, (Perm.PROPOSE_FOR_UNIT, Perm.LEAD_UNIT)
        ),
        RoleSpec(Role.REVIEWER, "Cán bộ thẩm định", OrganizationKind.COMMUNE, (Perm.REVIEW_FOR_COMMUNE,)),
        RoleSpec(
            Role.OFFICE_HEAD,
            "Trưởng phòng Văn hóa - Xã hội",
            OrganizationKind.COMMUNE,
            (Perm.REVIEW_FOR_COMMUNE, Perm.MANAGE_COUNCIL),
        ),
        RoleSpec(Role.COUNCIL_SECRETARY, "Thư ký Hội đồng TĐKT", OrganizationKind.COMMUNE, (Perm.MANAGE_COUNCIL,)),
        RoleSpec(Role.COUNCIL_MEMBER, "Thành viên Hội đồng TĐKT", OrganizationKind.COMMUNE, (Perm.VOTE_IN_COUNCIL,)),
        RoleSpec(Role.CHAIR, "Chủ tịch UBND xã", OrganizationKind.COMMUNE, (Perm.DECIDE_FOR_COMMUNE,)),
        # A Vice-Chair decides only under a Delegation from the Chair ("KT. CHỦ TỊCH").
        RoleSpec(Role.VICE_CHAIR, "Phó Chủ tịch UBND xã", OrganizationKind.COMMUNE, ()),
        RoleSpec(Role.CLERK, "Văn thư", OrganizationKind.COMMUNE, (Perm.ISSUE_FOR_COMMUNE,)),
        RoleSpec(Role.AUDITOR, "Kiểm tra, giám sát", OrganizationKind.COMMUNE, (Perm.AUDIT_COMMUNE,)),
    ]
}

ADMINISTRATORS_GROUP = "Quản trị hệ thống"
# Model permissions of administrators: people, organisations, accounts and catalogues, never dossiers.
ADMINISTRATOR_MODEL_PERMISSIONS = [
    ("auth", "user", ("add", "change", "view")),
    ("roles", "organization", ("add", "change", "view")),
    ("roles", "person", ("add", "change", "view")),
    ("roles", "membership", ("add", "change", "view")),
    ("roles", "delegation", ("add", "change", "view")),
    ("dossiers", "awardtype", ("add", "change", "view")),
    ("dossiers", "campaign", ("add", "change", "view")),
    ("workflow", "calendarday", ("add", "change", "delete", "view")),
    # Integration tokens: issued and revoked by administrators (revoking is a change, never a delete).
    ("api", "apitoken", ("add", "change", "view")),
]


def permissions_of(role: str) -> tuple[str, ...]:
    return CATALOG[role].permissions
