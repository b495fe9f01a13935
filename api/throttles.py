"""Rate limits: writes per caller, and failed token attempts per client address.

Rates are read from settings at each request (DRF binds them at import otherwise), so an operator or
a test can tune them. Counters live in Django's cache: with several worker processes in production,
configure a shared cache (docs/api.md) or each process counts on its own.
"""

from django.conf import settings
from rest_framework.throttling import SimpleRateThrottle

from workflow.middleware import client_address

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


class _SettingsRate(SimpleRateThrottle):
    def get_rate(self):
        return settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"][self.scope]


class WriteRateThrottle(_SettingsRate):
    """Writes (POST, PUT, PATCH, DELETE) per user; reads are not limited here."""

    scope = "api_writes"

    def allow_request(self, request, view):
        if request.method in SAFE_METHODS:
            return True
        return super().allow_request(request, view)

    def get_cache_key(self, request, view):
        ident = request.user.pk if request.user and request.user.is_authenticated else self.get_ident(request)
        return self.cache_format % {"scope": self.scope, "ident": ident}


class AuthFailureThrottle(_SettingsRate):
    """Counts failed token attempts of one client address; refuses further attempts once over the rate."""

    scope = "api_auth_failures"

    def __init__(self, request):
        super().__init__()
        self.key = self.cache_format % {"scope": self.scope, "ident": client_address(request)}

    def blocked(self) -> bool:
        self.history = [t for t in self.cache.get(self.key, []) if t > self.timer() - self.duration]
        return len(self.history) >= self.num_requests

    def record_failure(self) -> None:
        self.blocked()
        self.history.insert(0, self.timer())
        self.cache.set(self.key, self.history, self.duration)
