"""The caller's scope for the API: the pages' scope (dossiers.selectors), narrowed for a token to the
token's organisation, so a token issued for one unit never reaches another unit's dossiers."""

from dataclasses import replace

from django.utils.translation import gettext as _

from api.models import ApiToken
from dossiers import selectors
from dossiers.models import Dossier
from roles.models import OrganizationKind
from workflow.actions import COMMUNE, SPECS
from workflow.exceptions import ActionNotAllowed


def token_of(request) -> ApiToken | None:
    return request.auth if isinstance(request.auth, ApiToken) else None


def organizations_of(token: ApiToken) -> set[int]:
    """The organisations a token reaches: its unit, or its commune and the commune's units."""
    organization = token.organization
    if organization.kind == OrganizationKind.COMMUNE:
        units = type(organization).objects.filter(commune=organization).values_list("pk", flat=True)
        return {organization.pk, *units}
    return {organization.pk}


def scope_for(request) -> selectors.Scope:
    """The actor's scope, resolved once per request; narrowed to the token's organisations if any."""
    cached = getattr(request, "_api_scope", None)
    if cached is not None:
        return cached
    scope = selectors.scope_for(actor=request.user)
    token = token_of(request)
    if token is not None:
        reach = organizations_of(token)
        scope = replace(
            scope,
            held=frozenset(p for p in scope.held if p[0] in reach),
            delegated=frozenset(p for p in scope.delegated if p[0] in reach),
            unit_communes={u: c for u, c in scope.unit_communes.items() if u in reach},
        )
    request._api_scope = scope
    return scope


def require_reach(request, dossier: Dossier, action: str | None = None) -> None:
    """For a token: the right an action (or a content edit, on the unit) would use lies within its reach."""
    token = token_of(request)
    if token is None:
        return
    reach = organizations_of(token)
    spec = SPECS.get(action or "")
    if spec is not None and spec.system:
        return  # the engine refuses system actions to every user, with its own reason
    if spec is None:
        organizations = {dossier.unit_id}
    else:
        organizations = {dossier.commune_id if r.scope == COMMUNE else dossier.unit_id for r in spec.rights}
    if not organizations & reach:
        raise ActionNotAllowed(_("Khóa API này chỉ dùng được trong phạm vi «%(org)s».") % {"org": token.organization})


def require_unit(request, unit) -> None:
    """For a token: a new dossier's unit lies within its reach."""
    token = token_of(request)
    if token is not None and unit.pk not in organizations_of(token):
        raise ActionNotAllowed(_("Khóa API này chỉ dùng được trong phạm vi «%(org)s».") % {"org": token.organization})
