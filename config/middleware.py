from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


class ContentSecurityPolicyMiddleware:
    """Send the Content-Security-Policy of settings on every response (Django 5.2 has none built in)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Content-Security-Policy", settings.CONTENT_SECURITY_POLICY)
        return response


class VietnameseFirstLocaleMiddleware(LocaleMiddleware):
    """Vietnamese unless the person chose another language with the switch (the language cookie).

    Django's LocaleMiddleware would follow the browser's Accept-Language, so a commune office whose
    computers are set to English would meet an English product; the product is Vietnamese first.
    """

    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        translation.activate(chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE)
        request.LANGUAGE_CODE = translation.get_language()
