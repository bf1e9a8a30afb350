"""Rules that hold on every page: the session time limit, two-factor sign-in, and a 503 page
while the database is down."""

import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.db import connections
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django_htmx.http import HttpResponseClientRedirect

from cswg_portal import health
from cswg_portal.accounts import two_factor_required

SIGNED_IN_AT = "signed_in_at"
REFRESHED_AT = "session_refreshed_at"
# The idle limit is pushed back by saving the session, at most once a minute: a database
# write on every request would cost more than a minute's precision is worth.
REFRESH_EVERY = 60


def stamp_sign_in(sender, request, user, **kwargs) -> None:
    """On `user_logged_in`: start the clock of the session's time limit."""
    now = int(time.time())
    request.session[SIGNED_IN_AT] = now
    request.session[REFRESHED_AT] = now


def _redirect(request: HttpRequest, url: str) -> HttpResponse:
    # An htmx request would swap the sign-in page into a fragment; make the browser go instead.
    if getattr(request, "htmx", False):
        return HttpResponseClientRedirect(url)
    return redirect(url)


class SessionTimeLimitMiddleware:
    """End a session after SESSION_COOKIE_AGE seconds idle and SESSION_MAX_AGE after sign-in.

    Django drops a session SESSION_COOKIE_AGE seconds after it was last saved; saving it again
    (every REFRESH_EVERY seconds while requests come) is what keeps an active session open.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            session = request.session
            now = int(time.time())
            # A session from before this rule has no stamp: its clock starts now.
            signed_in_at = session.setdefault(SIGNED_IN_AT, now)
            if now - signed_in_at > settings.SESSION_MAX_AGE:
                logout(request)
                messages.info(request, _("Your session has ended, please sign in again."))
                login_redirect = redirect_to_login(request.get_full_path())
                return _redirect(request, login_redirect["Location"])
            if now - session.get(REFRESHED_AT, 0) >= REFRESH_EVERY:
                session[REFRESHED_AT] = now
        return self.get_response(request)


class TwoFactorRequiredMiddleware:
    """Send partner staff and administrators to the code page until they have entered a code.

    Every URL is covered, the back office included, except the pages needed to get through
    (the code page itself, sign-in, sign-out, the language switch and static files).
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self._open_paths: tuple[str, ...] | None = None

    def open_paths(self) -> tuple[str, ...]:
        # Reversed on first use: the URLconf cannot be loaded while middleware is built.
        if self._open_paths is None:
            self._open_paths = (
                reverse("two-factor"),
                reverse("login"),
                reverse("logout"),
                reverse("set_language"),
                "/" + settings.STATIC_URL.lstrip("/"),
            )
        return self._open_paths

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            settings.OTP_REQUIRED
            and user.is_authenticated
            and not user.is_verified()
            and two_factor_required(user)
            and not request.path_info.startswith(self.open_paths())
        ):
            query = urlencode({"next": request.get_full_path()})
            return _redirect(request, f"{reverse('two-factor')}?{query}")
        return self.get_response(request)


class DatabaseUnavailableMiddleware:
    """Answer 503 (the page, a Retry-After and no trace) while the database cannot be reached.

    It sits before sessions and sign-in, which query the database: the connection is opened
    (and, when kept from an earlier request, checked) here first, so that a server that is
    down is caught before them. A connection lost later, in a view, is caught in
    process_exception; in another middleware, by handler500 (cswg_portal.health.server_error).
    /healthz is answered here, outside the session, sign-in and lock-out machinery.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self._healthz_path: str | None = None

    def healthz_path(self) -> str:
        if self._healthz_path is None:
            self._healthz_path = reverse("healthz")
        return self._healthz_path

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path_info == self.healthz_path():
            return health.healthz(request)
        connection = connections["default"]
        try:
            connection.close_if_health_check_failed()
            connection.ensure_connection()
            return self.get_response(request)
        except health.CONNECTION_ERRORS as error:
            return health.database_unavailable(request, error)

    def process_exception(self, request: HttpRequest, exception: Exception):
        if isinstance(exception, health.CONNECTION_ERRORS):
            return health.database_unavailable(request, exception)
        return None
