"""Writes of API tokens: created and revoked by administrators, one per integration, each audited.

The secret is shown once, at creation; only its SHA-256 is stored (a leaked table yields no tokens).
"""

import hashlib
import secrets

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from api.models import ApiToken
from roles.models import Organization
from workflow import audit
from workflow.exceptions import ActionNotAllowed, Conflict, GuardFailed

PREFIX_LENGTH = 8
TOKEN_PERMISSION = "api.add_apitoken"


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def _require_administrator(actor) -> None:
    if not (actor.is_active and actor.is_staff and actor.has_perm(TOKEN_PERMISSION)):
        raise ActionNotAllowed(_("Chỉ quản trị hệ thống mới được cấp hoặc thu hồi khóa API."))


@transaction.atomic
def token_create(*, actor, user, organization: Organization, name: str) -> tuple[ApiToken, str]:
    """Issue a token for one integration acting as `user` within `organization`; return it and its secret."""
    _require_administrator(actor)
    name = " ".join(str(name).split())
    if not name:
        raise GuardFailed(_("Vui lòng nhập tên hệ thống tích hợp."))
    if not user.is_active:
        raise GuardFailed(_("Tài khoản của hệ thống tích hợp đang bị khóa."))
    key = "vd_" + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        name=name,
        user=user,
        organization=organization,
        prefix=key[:PREFIX_LENGTH],
        key_hash=hash_key(key),
        created_by=actor,
    )
    # In the integration account's stream: the auditors of its commune read it with the account's other events.
    audit.append(
        stream=f"user:{user.pk}",
        action="api_token_created",
        actor=actor,
        object_type="api_token",
        object_id=token.pk,
        data={"name": name, "user": user.get_username(), "organization": organization.pk, "prefix": token.prefix},
    )
    return token, key


@transaction.atomic
def token_revoke(*, actor, token: ApiToken) -> ApiToken:
    """Revoke a token at once; it is kept (never deleted) so the audit trail can name it."""
    _require_administrator(actor)
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is not None:
        raise Conflict(_("Khóa API này đã bị thu hồi trước đó."))
    token.revoked_at = timezone.now()
    token.revoked_by = actor
    token.save(update_fields=["revoked_at", "revoked_by"])
    audit.append(
        stream=f"user:{token.user_id}",
        action="api_token_revoked",
        actor=actor,
        object_type="api_token",
        object_id=token.pk,
        data={"name": token.name, "user": token.user.get_username(), "prefix": token.prefix},
    )
    return token


def token_for_key(key: str) -> ApiToken | None:
    """The active token whose secret is `key`, with its user and organisation, or None."""
    return (
        ApiToken.objects.select_related("user", "organization")
        .filter(key_hash=hash_key(key), revoked_at__isnull=True)
        .first()
    )
