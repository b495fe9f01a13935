"""The OpenAPI schema and its two readers, served from local assets (drf-spectacular-sidecar, no CDN).

The site's Content-Security-Policy allows only same-origin scripts and styles. Swagger UI runs under it
as is (its init script is a separate same-origin file); Redoc injects its styles as <style> elements and
renders in a blob: worker, so its page, and only it, relaxes style-src and worker-src. The middleware
keeps a policy a view has set (config/middleware.py: setdefault).
"""

from django.conf import settings
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerSplitView
from rest_framework.permissions import AllowAny

SCHEMA_URL_NAME = "api_schema"
REDOC_POLICY = (
    "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; "
    "worker-src 'self' blob:; object-src 'none'; base-uri 'self'; frame-ancestors 'none'; form-action 'self'"
)


class SchemaApi(SpectacularAPIView):
    permission_classes = [AllowAny]
    throttle_classes = []


class SwaggerDocs(SpectacularSwaggerSplitView):
    permission_classes = [AllowAny]
    throttle_classes = []
    url_name = SCHEMA_URL_NAME
    template_name = "api/swagger_ui.html"

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        response["Content-Security-Policy"] = settings.CONTENT_SECURITY_POLICY
        return response


class RedocDocs(SpectacularRedocView):
    permission_classes = [AllowAny]
    throttle_classes = []
    url_name = SCHEMA_URL_NAME
    template_name = "api/redoc.html"

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        response["Content-Security-Policy"] = REDOC_POLICY
        return response
