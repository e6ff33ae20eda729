from django.conf import settings
from django.utils import translation


class UserLanguageMiddleware:
    """Applies the language a signed-in user chose, on any device, unless this browser chose one.

    Sits after AuthenticationMiddleware; LocaleMiddleware has already applied cookie or header.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and user.language
            and settings.LANGUAGE_COOKIE_NAME not in request.COOKIES
        ):
            translation.activate(user.language)
            request.LANGUAGE_CODE = user.language
        return self.get_response(request)
