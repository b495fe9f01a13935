"""Who is calling: a browser session (with CSRF) or an integration's token (`Authorization: Bearer`).

Token callers act as the token's user, limited to the token's organisation (api.scoping). Failed
token attempts are counted per client address and refused with 429 once over the rate.
"""

from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from api import tokens
from api.throttles import AuthFailureThrottle

KEYWORD = "Bearer"


class ApiTokenAuthentication(authentication.BaseAuthentication):
    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != KEYWORD.lower().encode():
            return None
        throttle = AuthFailureThrottle(request)
        if throttle.blocked():
            raise exceptions.Throttled(wait=throttle.duration)
        if len(header) != 2:
            throttle.record_failure()
            raise exceptions.AuthenticationFailed(_("Tiêu đề Authorization phải có dạng «Bearer <khóa>»."))
        try:
            key = header[1].decode()
        except UnicodeDecodeError:
            key = ""
        token = tokens.token_for_key(key) if key else None
        if token is None or not token.user.is_active:
            throttle.record_failure()
            raise exceptions.AuthenticationFailed(_("Khóa API không hợp lệ hoặc đã bị thu hồi."))
        # At most one write a minute per token: the time of use, not a counter.
        now = timezone.now()
        if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
            type(token).objects.filter(pk=token.pk).update(last_used_at=now)
        return token.user, token

    def authenticate_header(self, request):
        return KEYWORD


class ApiTokenScheme(OpenApiAuthenticationExtension):
    target_class = "api.authentication.ApiTokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "Khóa API do quản trị hệ thống cấp cho từng hệ thống tích hợp (docs/api.md).",
        }
