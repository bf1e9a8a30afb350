"""Security headers on real responses, and the production values that switch on the rest."""

import pytest

from tests.factories import PASSWORD
from tests.test_settings import manage, production_environment

pytestmark = pytest.mark.django_db

EXPECTED_POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "style-src-attr": "'unsafe-hashes' 'sha256-XMXSevYjgSjXgRafBFDvtjwX+yyWLrxfso9DcNZ9UXM='",
    # The community page's map tiles (MAP_TILE_URL).
    "img-src": "'self' data: https://tile.openstreetmap.org",
    "font-src": "'self'",
    "connect-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}


def policy(response) -> dict[str, str]:
    directives = (part.strip() for part in response["Content-Security-Policy"].split(";"))
    return dict(directive.split(" ", 1) for directive in directives if directive)


@pytest.mark.parametrize("path", ["/login/", "/", "/admin/", "/admin/communities/group/"])
def test_every_page_carries_the_content_security_policy(client, superuser, path):
    client.force_login(superuser)

    response = client.get(path)

    assert response.status_code == 200
    assert policy(response) == EXPECTED_POLICY


def test_scripts_may_not_run_inline_or_from_strings(client):
    header = client.get("/login/")["Content-Security-Policy"]

    assert "unsafe-inline" not in header
    assert "unsafe-eval" not in header


@pytest.mark.parametrize("path", ["/login/", "/admin/login/"])
def test_the_browser_is_told_to_be_strict(client, path):
    response = client.get(path)

    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_https_responses_carry_hsts(client, settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SECURE_HSTS_PRELOAD = True

    secure = client.get("/login/", secure=True)
    plain = client.get("/login/")

    assert secure["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert "Strict-Transport-Security" not in plain


def test_with_https_plain_http_is_redirected_and_cookies_are_secure(
    client, settings, facilitator_a
):
    settings.SECURE_SSL_REDIRECT = True
    settings.SESSION_COOKIE_SECURE = True
    settings.CSRF_COOKIE_SECURE = True

    plain = client.get("/login/")
    form = client.get("/login/", secure=True)
    signed_in = client.post(
        "/login/", {"username": "facilitator_a", "password": PASSWORD}, secure=True
    )

    assert plain.status_code == 301
    assert plain["Location"] == "https://testserver/login/"
    assert form.cookies["csrftoken"]["secure"] is True
    assert signed_in.cookies["sessionid"]["secure"] is True
    assert signed_in.cookies["sessionid"]["httponly"] is True


def test_production_turns_on_https_hsts_secure_cookies_and_two_factor():
    names = [
        "SECURE_SSL_REDIRECT",
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
        "SECURE_HSTS_SECONDS",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS",
        "SECURE_HSTS_PRELOAD",
        "OTP_REQUIRED",
        "DEBUG",
    ]
    code = f"from django.conf import settings; print([getattr(settings, n) for n in {names!r}])"

    result = manage("shell", "--no-imports", "-c", code, **production_environment())

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str([True, True, True, 31536000, True, True, True, False])


def test_debug_or_otp_required_false_switch_two_factor_off():
    code = "from django.conf import settings; print(settings.OTP_REQUIRED)"

    debug = manage("shell", "--no-imports", "-c", code, DEBUG="true")
    switched_off = manage(
        "shell", "--no-imports", "-c", code, **production_environment(OTP_REQUIRED="false")
    )

    assert debug.stdout.strip() == "False", debug.stderr
    assert switched_off.stdout.strip() == "False", switched_off.stderr
