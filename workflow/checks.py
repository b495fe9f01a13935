"""System checks for settings the audit log depends on."""

import base64
import binascii

from django.conf import settings
from django.core.checks import Error, Tags, register


@register(Tags.security, deploy=True)
def audit_signing_key_check(app_configs, **kwargs):
    """Production must sign checkpoints with a configured key, not a development key in var/."""
    key = settings.AUDIT_SIGNING_KEY
    if not key:
        return [Error("AUDIT_SIGNING_KEY is not set.", hint="32 random bytes, base64-encoded.", id="vinhdanh.E001")]
    try:
        valid = len(base64.b64decode(key, validate=True)) == 32
    except (binascii.Error, ValueError):
        valid = False
    if not valid:
        return [Error("AUDIT_SIGNING_KEY must be 32 bytes, base64-encoded.", id="vinhdanh.E002")]
    return []
