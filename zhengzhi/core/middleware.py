from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import check_for_language


class LanguageMiddleware:
    """Simplified Chinese unless this browser or this user chose another language.

    Replaces Django's LocaleMiddleware on purpose: the browser's Accept-Language is ignored, so
    a terminal set up in English still opens the Chinese interface an office expects. The order
    is the browser's choice (cookie), then the signed-in user's saved choice, then zh-hans.
    Sits after AuthenticationMiddleware.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = self._choose(request)
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", request.LANGUAGE_CODE)
        return response

    @staticmethod
    def _choose(request) -> str:
        cookie = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if cookie and check_for_language(cookie) and cookie in dict(settings.LANGUAGES):
            return cookie
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.language:
            return user.language
        return settings.LANGUAGE_CODE
