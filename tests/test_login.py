import pytest
from axes.models import AccessAttempt
from django.conf import settings

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

WRONG_ERROR = "Please enter a correct username and password."


def sign_in(client, password: str, next_url: str = ""):
    return client.post(
        "/login/", {"username": "facilitator_a", "password": password, "next": next_url}
    )


def test_the_login_page_has_labelled_fields_with_autocomplete(client):
    html = client.get("/login/").content.decode()

    assert 'for="id_username"' in html
    assert 'for="id_password"' in html
    assert 'autocomplete="username"' in html
    assert 'autocomplete="current-password"' in html
    assert "autofocus" in html


def test_good_credentials_land_on_the_home_page(client, facilitator_a):
    response = sign_in(client, PASSWORD)

    assert response.status_code == 302
    assert response["Location"] == "/"
    home = client.get("/")
    assert home.context["user"] == facilitator_a
    assert "My work" in home.content.decode()


def test_it_follows_next_after_login(client, facilitator_a):
    response = sign_in(client, PASSWORD, next_url="/password_change/")

    assert response["Location"] == "/password_change/"


def test_a_wrong_password_shows_the_error_and_stays_on_the_login_page(client, facilitator_a):
    response = sign_in(client, "not-the-password")

    assert response.status_code == 200
    assert response.templates[0].name == "registration/login.html"
    assert WRONG_ERROR in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_five_wrong_passwords_lock_the_account_even_for_the_right_one(client, facilitator_a):
    assert settings.AXES_FAILURE_LIMIT == 5
    for _attempt in range(5):
        sign_in(client, "not-the-password")

    response = sign_in(client, PASSWORD)

    html = response.content.decode()
    assert response.status_code == 429
    # The login view renders its form first; django-axes then swaps in the lockout page.
    assert "registration/locked_out.html" in [template.name for template in response.templates]
    assert "After 5 failed sign-in attempts, this account is locked for one hour." in html
    assert 'name="password"' not in html
    assert "_auth_user_id" not in client.session
    assert AccessAttempt.objects.get(username="facilitator_a").failures_since_start >= 5


def test_four_wrong_passwords_do_not_lock_the_account(client, facilitator_a):
    for _attempt in range(4):
        sign_in(client, "not-the-password")

    response = sign_in(client, PASSWORD)

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(facilitator_a.pk)


def test_the_language_switch_changes_the_page_language(client, facilitator_a):
    client.force_login(facilitator_a)

    response = client.post("/i18n/setlang/", {"language": "ru", "next": "/"})

    assert response.status_code == 302
    assert response["Location"] == "/"
    assert '<html lang="ru"' in client.get("/").content.decode()


def test_the_language_switch_offers_each_language_in_its_own_name(client):
    html = client.get("/login/").content.decode()

    assert ">English</option>" in html
    assert ">Русский</option>" in html
    assert 'action="/i18n/setlang/"' in html


def test_logout_is_a_post(client, facilitator_a):
    client.force_login(facilitator_a)

    assert client.get("/logout/").status_code == 405
    assert client.session["_auth_user_id"] == str(facilitator_a.pk)

    response = client.post("/logout/")

    assert response.status_code == 302
    assert response["Location"] == "/login/"
    assert "_auth_user_id" not in client.session


def test_the_menu_offers_the_back_office_only_to_staff(client, facilitator_a, partner_a):
    client.force_login(facilitator_a)
    assert "Back office" not in client.get("/").content.decode()

    client.force_login(partner_a)
    assert 'href="/admin/">Back office' in client.get("/").content.decode()


def test_the_menu_shows_the_users_name_role_and_organisation(client, facilitator_a):
    facilitator_a.first_name, facilitator_a.last_name = "Gulnara", "Tashieva"
    facilitator_a.save()
    client.force_login(facilitator_a)

    html = client.get("/").content.decode()

    assert "Gulnara Tashieva" in html
    assert "Facilitator · FTI" in html
    assert 'action="/logout/"' in html
    assert 'href="/password_change/"' in html


def test_anonymous_visitors_see_only_the_brand_and_the_language_switch(client):
    html = client.get("/login/").content.decode()

    assert "CSWG Portal" in html
    assert 'name="language"' in html
    assert "Log out" not in html
    assert "Change password" not in html


def test_a_user_can_change_their_password(client, facilitator_a):
    client.force_login(facilitator_a)

    form = client.get("/password_change/")
    response = client.post(
        "/password_change/",
        {
            "old_password": PASSWORD,
            "new_password1": "wolves-at-the-stream-2015",
            "new_password2": "wolves-at-the-stream-2015",
        },
        follow=True,
    )

    assert form.templates[0].name == "registration/password_change_form.html"
    assert response.templates[0].name == "registration/password_change_done.html"
    facilitator_a.refresh_from_db()
    assert facilitator_a.check_password("wolves-at-the-stream-2015")
