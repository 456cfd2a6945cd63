"""The site's language: Vietnamese unless the visitor chose otherwise with the switch.

Django's LocaleMiddleware follows the browser's Accept-Language, so a learner whose phone is
set to English would get `<html lang="en">` around Vietnamese lessons (and a screen reader
reading Vietnamese text with an English voice). Here only the language cookie set by the switch
(cms.views.switch_language, Django's set_language) changes the language.
"""

from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.deprecation import MiddlewareMixin


class SiteLanguageMiddleware(MiddlewareMixin):
    """Replaces django.middleware.locale.LocaleMiddleware (no i18n URL prefixes are used)."""

    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        supported = {code for code, _name in settings.LANGUAGES}
        translation.activate(chosen if chosen in supported else settings.LANGUAGE_CODE)
        request.LANGUAGE_CODE = translation.get_language()

    def process_response(self, request, response):
        if request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME):
            patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", translation.get_language())
        return response
