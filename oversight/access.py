"""Who may open the oversight pages, from the actor's scope (resolved once per request)."""

from roles.catalog import Perm

# Roles of the commune that answer for its work as a whole see the dashboard and the yearly report.
OVERSEEING_PERMISSIONS = (
    Perm.REVIEW_FOR_COMMUNE,
    Perm.MANAGE_COUNCIL,
    Perm.DECIDE_FOR_COMMUNE,
    Perm.ISSUE_FOR_COMMUNE,
    Perm.AUDIT_COMMUNE,
)


def audited_communes(scope) -> list[int]:
    """Communes whose audit log the actor may read: auditors (kiểm tra, giám sát) only."""
    return sorted(scope.organizations_with(Perm.AUDIT_COMMUNE))


def overseen_communes(scope) -> list[int]:
    """Communes whose dashboard the actor may read; a Chair's delegate counts as the Chair."""
    return sorted(scope.organizations_with(*OVERSEEING_PERMISSIONS, delegation=True))
