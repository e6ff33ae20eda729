import time
from importlib import import_module

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import check_for_language


def _as_anonymous(request) -> None:
    """The request goes on as if it came without a session cookie: an empty session that is
    never loaded or saved, and no cookie for SessionMiddleware to refresh or delete."""
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return
    request.COOKIES = {
        k: v for k, v in request.COOKIES.items() if k != settings.SESSION_COOKIE_NAME
    }
    request.session = import_module(settings.SESSION_ENGINE).SessionStore()
    request.user = AnonymousUser()


class LanguageMiddleware:
    """Simplified Chinese unless this browser or this user chose another language.

    Replaces Django's LocaleMiddleware on purpose: the browser's Accept-Language is ignored, so
    a terminal set up in English still opens the Chinese interface an office expects. The order
    is the browser's choice (cookie), then the signed-in user's saved choice, then zh-hans.
    Sits after AuthenticationMiddleware.

    The health probe runs without the user and without the session: both live in the database
    it is there to report on, and IdleSessionMiddleware would have the SessionMiddleware load and
    save a session sent along with it, turning "database down" into a 500.
    The base map's tiles (/tiles/) are the same for everyone: a map view asks for dozens of
    them, and none should write the session.
    """

    NO_USER_PREFIXES = ("/healthz", "/tiles/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith(self.NO_USER_PREFIXES):
            _as_anonymous(request)
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
        if request.path.startswith(LanguageMiddleware.NO_USER_PREFIXES):
            return settings.LANGUAGE_CODE
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.language:
            return user.language
        return settings.LANGUAGE_CODE


class IdleSessionMiddleware:
    """Signs a user out after SESSION_COOKIE_AGE without a request, without writing the session
    on every request.

    Django's SESSION_SAVE_EVERY_REQUEST pushes the expiry forward by saving the session each
    time: a write transaction (on SQLite a sync to disk) on every page, fragment and poll. Here
    the session is marked changed only when its last push is SESSION_TOUCH_SECONDS old, so the
    idle limit holds to within that margin and most requests write nothing. Listed right after
    SessionMiddleware, so that its answer passes here before the session is saved.
    """

    KEY = "_zz_touched"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is None:
            return response
        now = int(time.time())
        if session.modified:
            if not session.is_empty():  # saved anyway (a sign-in, say): the push is free
                session[self.KEY] = now
        elif (
            session.session_key and now - session.get(self.KEY, 0) >= settings.SESSION_TOUCH_SECONDS
        ):
            session[self.KEY] = now
        return response
