"""Passwords, sessions and throttling of sign-in (the sign-in page itself: test_login.py)."""

import time
from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.utils import timezone

from cswg_portal.middleware import REFRESHED_AT, SIGNED_IN_AT
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

SESSION_ENDED = "Your session has ended, please sign in again."


def sign_in(client, username: str = "facilitator_a", password: str = PASSWORD):
    return client.post("/login/", {"username": username, "password": password})


def session_row(client) -> Session:
    return Session.objects.get(session_key=client.cookies[settings.SESSION_COOKIE_NAME].value)


# Passwords.


@pytest.mark.parametrize("username", ["facilitator", "partner", "donor", "admin"])
def test_the_demo_password_meets_the_rules(facilitator_a, username):
    facilitator_a.username = username

    validate_password("cswg-demo-2026", facilitator_a)


def test_a_password_needs_twelve_characters(facilitator_a):
    with pytest.raises(ValidationError) as refused:
        validate_password("kyz-jar-201", facilitator_a)

    validate_password("kyz-jar-2015", facilitator_a)
    assert refused.value.messages == [
        "This password is too short. It must contain at least 12 characters."
    ]


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("123456789012345", "This password is entirely numeric."),
        ("qwerty123456", "This password is too common."),
        ("facilitator_a-2026", "The password is too similar to the username."),
    ],
)
def test_common_numeric_and_look_alike_passwords_are_refused(facilitator_a, password, message):
    with pytest.raises(ValidationError) as refused:
        validate_password(password, facilitator_a)

    assert message in refused.value.messages


def test_changing_to_a_short_password_is_refused_with_the_reason(client, facilitator_a):
    client.force_login(facilitator_a)

    response = client.post(
        "/password_change/",
        {"old_password": PASSWORD, "new_password1": "osh-2010-ok", "new_password2": "osh-2010-ok"},
    )

    assert response.status_code == 200
    assert "at least 12 characters" in response.content.decode()
    facilitator_a.refresh_from_db()
    assert facilitator_a.check_password(PASSWORD)


# Sessions.


def test_signing_in_gives_a_new_session_key(client, facilitator_a):
    anonymous_session = client.session
    anonymous_session["probe"] = "kept"
    anonymous_session.save()
    key_before = anonymous_session.session_key

    sign_in(client)

    key_after = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert key_after != key_before
    assert not Session.objects.filter(session_key=key_before).exists()
    assert client.session["_auth_user_id"] == str(facilitator_a.pk)
    assert client.session["probe"] == "kept"


def test_signing_out_ends_the_session_on_the_server(client, facilitator_a):
    sign_in(client)
    key = client.cookies[settings.SESSION_COOKIE_NAME].value

    client.post("/logout/")

    assert not Session.objects.filter(session_key=key).exists()
    assert client.get("/")["Location"] == "/login/?next=/"


def test_the_session_cookie_lasts_thirty_minutes(client, facilitator_a):
    response = sign_in(client)

    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert cookie["max-age"] == 30 * 60
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"


def test_thirty_minutes_without_a_request_end_the_session(client, facilitator_a):
    sign_in(client)
    Session.objects.filter(pk=session_row(client).pk).update(
        expire_date=timezone.now() - timedelta(seconds=1)
    )

    response = client.get("/")

    assert response["Location"] == "/login/?next=/"
    assert "_auth_user_id" not in client.session


def test_a_request_pushes_the_idle_limit_back(client, facilitator_a):
    sign_in(client)
    # As if the person had been idle for 29 minutes.
    session = client.session
    session[REFRESHED_AT] = int(time.time()) - 29 * 60
    session.save()
    Session.objects.filter(pk=session.session_key).update(
        expire_date=timezone.now() + timedelta(minutes=1)
    )

    response = client.get("/")

    assert response.status_code == 200
    assert response.cookies[settings.SESSION_COOKIE_NAME]["max-age"] == 30 * 60
    remaining = session_row(client).expire_date - timezone.now()
    assert timedelta(minutes=29) < remaining <= timedelta(minutes=30)


def test_requests_within_a_minute_do_not_write_the_session_again(client, facilitator_a):
    sign_in(client)
    expiry = session_row(client).expire_date

    response = client.get("/")

    assert response.status_code == 200
    assert settings.SESSION_COOKIE_NAME not in response.cookies
    assert session_row(client).expire_date == expiry


def set_signed_in_at(client, seconds_ago: int) -> None:
    session = client.session
    session[SIGNED_IN_AT] = int(time.time()) - seconds_ago
    session.save()


def test_signing_in_starts_the_clock(client, facilitator_a, partner_a):
    sign_in(client)
    assert abs(client.session[SIGNED_IN_AT] - time.time()) < 5

    client.force_login(partner_a)
    assert abs(client.session[SIGNED_IN_AT] - time.time()) < 5


def test_twelve_hours_after_sign_in_the_session_ends_however_active(client, facilitator_a):
    sign_in(client)
    set_signed_in_at(client, 12 * 60 * 60 + 1)

    response = client.get("/", follow=True)

    assert response.redirect_chain == [("/login/?next=/", 302)]
    assert "_auth_user_id" not in client.session
    assert [str(message) for message in response.context["messages"]] == [SESSION_ENDED]
    assert SESSION_ENDED in response.content.decode()


def test_a_session_younger_than_twelve_hours_goes_on(client, facilitator_a):
    sign_in(client)
    set_signed_in_at(client, 12 * 60 * 60 - 60)

    response = client.get("/")

    assert response.status_code == 200
    assert response.context["user"] == facilitator_a


def test_the_longest_session_follows_its_setting(client, facilitator_a, settings):
    settings.SESSION_MAX_AGE = 60 * 60
    sign_in(client)
    set_signed_in_at(client, 60 * 60 + 1)

    assert client.get("/")["Location"] == "/login/?next=/"


def test_an_htmx_request_after_the_session_ended_reloads_the_whole_page(client, facilitator_a):
    sign_in(client)
    set_signed_in_at(client, 12 * 60 * 60 + 1)

    response = client.get("/", headers={"HX-Request": "true"})

    assert response["HX-Redirect"] == "/login/?next=/"
    assert "_auth_user_id" not in client.session


# Throttling of the back-office sign-in (the portal's own: test_login.py).


def test_the_back_office_sign_in_locks_after_five_wrong_passwords(client, partner_a):
    def admin_sign_in(password):
        return client.post(
            "/admin/login/?next=/admin/",
            {"username": "partner_a", "password": password, "next": "/admin/"},
        )

    for _attempt in range(5):
        admin_sign_in("not-the-password")

    response = admin_sign_in(PASSWORD)

    assert response.status_code == 429
    assert "this account is locked for one hour" in response.content.decode()
    assert "_auth_user_id" not in client.session
