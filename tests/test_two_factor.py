"""Two-factor sign-in (TOTP) for partner staff and administrators."""

import time
from base64 import b32encode
from datetime import timedelta
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

WRONG_CODE_ERROR = "That code is not right."


@pytest.fixture
def otp_required(settings):
    settings.OTP_REQUIRED = True


def code_for(device: TOTPDevice, steps: int = 0) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps * device.step
    return f"{totp.token():06d}"


def wrong_code_for(device: TOTPDevice) -> str:
    """A code that none of the accepted time steps (one either side of now) would give."""
    accepted = {code_for(device, steps) for steps in (-1, 0, 1)}
    return next(code for code in ("000000", "111111", "222222", "333333") if code not in accepted)


def confirmed_device(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="Phone", confirmed=True)


def sign_in(client, username: str, next_url: str = ""):
    return client.post("/login/", {"username": username, "password": PASSWORD, "next": next_url})


def test_a_partner_is_sent_from_the_home_page_to_the_code_page(client, partner_a, otp_required):
    response = sign_in(client, "partner_a")
    assert response["Location"] == "/"

    home = client.get("/")

    assert home.status_code == 302
    assert home["Location"] == "/two-factor/?next=%2F"
    assert client.session["_auth_user_id"] == str(partner_a.pk)


def test_the_back_office_is_closed_until_the_code_is_entered(client, partner_a, otp_required):
    client.force_login(partner_a)

    for path in ["/admin/", "/admin/communities/group/", "/password_change/"]:
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"].startswith("/two-factor/?next="), path


def test_an_administrator_and_a_superuser_are_asked_too(client, superuser, org_a, otp_required):
    from communities.models import User
    from tests.factories import UserFactory

    administrator = UserFactory(username="admin_a", role=User.Role.ADMIN, organisation=None)
    for user in [superuser, administrator]:
        client.force_login(user)
        assert client.get("/")["Location"] == "/two-factor/?next=%2F", user.username


def test_facilitators_and_donors_are_never_asked(client, facilitator_a, donor_a, otp_required):
    for user in [facilitator_a, donor_a]:
        client.force_login(user)
        # A donor's home is the reports: followed, without a stop at the second factor.
        response = client.get("/", follow=True)
        assert response.status_code == 200, user.username
        assert response.context["user"] == user
        assert all("two-factor" not in url for url, _status in response.redirect_chain)


def test_nobody_is_asked_when_the_setting_is_off(client, partner_a, settings):
    settings.OTP_REQUIRED = False
    client.force_login(partner_a)

    assert client.get("/admin/").status_code == 200


def test_the_first_visit_shows_a_qr_code_and_the_key_to_set_up_an_app(
    client, partner_a, otp_required
):
    client.force_login(partner_a)

    response = client.get("/two-factor/?next=/admin/")

    assert response.templates[0].name == "registration/two_factor_setup.html"
    device = TOTPDevice.objects.get(user=partner_a)
    assert device.confirmed is False
    secret = b32encode(device.bin_key).decode()
    url = urlsplit(response.context["otpauth_url"])
    assert (url.scheme, url.netloc) == ("otpauth", "totp")
    assert unquote(url.path) == "/CSWG Portal:partner_a"
    assert parse_qs(url.query) == {
        "secret": [secret],
        "issuer": ["CSWG Portal"],
        "algorithm": ["SHA1"],
        "digits": ["6"],
        "period": ["30"],
    }
    html = response.content.decode()
    assert '<svg width="' in html
    assert "<title>QR code for your authenticator app</title>" in html
    assert " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)) in html
    assert 'autocomplete="one-time-code"' in html
    assert 'name="next" value="/admin/"' in html
    assert response["Cache-Control"].startswith("max-age=0, no-cache, no-store")


def test_reloading_the_set_up_page_keeps_the_same_key(client, partner_a, otp_required):
    client.force_login(partner_a)

    first = client.get("/two-factor/").context["otpauth_url"]
    second = client.get("/two-factor/").context["otpauth_url"]

    assert first == second
    assert TOTPDevice.objects.filter(user=partner_a).count() == 1


def test_setting_up_with_the_right_code_opens_the_back_office(client, partner_a, otp_required):
    sign_in(client, "partner_a", next_url="/admin/")
    client.get("/two-factor/?next=/admin/")
    device = TOTPDevice.objects.get(user=partner_a)
    key_before = client.session.session_key

    response = client.post("/two-factor/", {"code": code_for(device), "next": "/admin/"})

    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    device.refresh_from_db()
    assert device.confirmed is True
    assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id
    assert client.session.session_key != key_before
    admin = client.get("/admin/")
    assert admin.status_code == 200
    assert admin.context["user"] == partner_a
    assert client.get("/").status_code == 200


def test_a_code_typed_with_a_space_is_accepted(client, partner_a, otp_required):
    device = confirmed_device(partner_a)
    client.force_login(partner_a)
    code = code_for(device)

    response = client.post("/two-factor/", {"code": f"{code[:3]} {code[3:]}"})

    assert response["Location"] == "/"
    assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id


def test_a_wrong_code_shows_the_error_by_the_field_and_does_not_verify(
    client, partner_a, otp_required
):
    client.force_login(partner_a)
    client.get("/two-factor/")
    device = TOTPDevice.objects.get(user=partner_a)

    response = client.post("/two-factor/", {"code": wrong_code_for(device)})

    assert response.status_code == 200
    assert response.context["form"].errors["code"][0].startswith(WRONG_CODE_ERROR)
    html = response.content.decode()
    assert 'id="error_1_id_code"' in html
    assert 'aria-invalid="true"' in html
    device.refresh_from_db()
    assert device.confirmed is False
    assert device.throttling_failure_count == 1
    assert DEVICE_ID_SESSION_KEY not in client.session
    assert client.get("/admin/")["Location"] == "/two-factor/?next=%2Fadmin%2F"


def test_something_other_than_six_digits_is_refused_before_checking(
    client, partner_a, otp_required
):
    device = confirmed_device(partner_a)
    client.force_login(partner_a)

    response = client.post("/two-factor/", {"code": "12345a"})

    assert response.context["form"].errors["code"] == ["Enter the six digits that your app shows."]
    device.refresh_from_db()
    assert device.throttling_failure_count == 0


def test_a_user_with_an_app_is_asked_only_for_the_code(client, partner_a, otp_required):
    device = confirmed_device(partner_a)
    client.force_login(partner_a)

    response = client.get("/two-factor/?next=/admin/")

    assert response.templates[0].name == "registration/two_factor_verify.html"
    assert "otpauth_url" not in response.context
    assert "<svg" not in response.content.decode()

    response = client.post("/two-factor/", {"code": code_for(device), "next": "/admin/"})

    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_wrong_codes_in_a_row_make_even_the_right_one_wait(client, partner_a, otp_required):
    device = confirmed_device(partner_a)
    client.force_login(partner_a)
    for _attempt in range(5):
        # Move the last failure an hour back, so that each of the five codes is really checked.
        TOTPDevice.objects.filter(pk=device.pk, throttling_failure_count__gt=0).update(
            throttling_failure_timestamp=timezone.now() - timedelta(hours=1)
        )
        client.post("/two-factor/", {"code": wrong_code_for(device)})
    device.refresh_from_db()
    assert device.throttling_failure_count == 5

    response = client.post("/two-factor/", {"code": code_for(device)})

    # django-otp doubles the wait after each wrong code: 1, 2, 4, 8, then 16 seconds.
    [error] = response.context["form"].errors["code"]
    assert error in [
        f"Too many wrong codes in a row. Wait {seconds} seconds, then enter the current code."
        for seconds in (15, 16)
    ]
    assert DEVICE_ID_SESSION_KEY not in client.session

    TOTPDevice.objects.filter(pk=device.pk).update(
        throttling_failure_timestamp=timezone.now() - timedelta(seconds=17)
    )
    response = client.post("/two-factor/", {"code": code_for(device)})

    assert response["Location"] == "/"
    device.refresh_from_db()
    assert device.throttling_failure_count == 0


@pytest.mark.parametrize(
    "next_url",
    ["https://evil.example.org/", "//evil.example.org/", "http://testserver.evil.org/"],
)
def test_next_cannot_lead_to_another_site(client, partner_a, otp_required, next_url):
    device = confirmed_device(partner_a)
    client.force_login(partner_a)

    page = client.get("/two-factor/", {"next": next_url})
    response = client.post("/two-factor/", {"code": code_for(device), "next": next_url})

    assert 'name="next" value="/"' in page.content.decode()
    assert response["Location"] == "/"


def test_an_anonymous_visitor_is_sent_to_sign_in(client, otp_required):
    response = client.get("/two-factor/")

    assert response["Location"] == "/login/?next=/two-factor/"


def test_someone_not_asked_for_a_code_is_sent_on(client, facilitator_a, otp_required):
    client.force_login(facilitator_a)

    response = client.get("/two-factor/", {"next": "/password_change/"})

    assert response["Location"] == "/password_change/"
    assert not TOTPDevice.objects.exists()


def test_before_the_code_one_can_still_log_out_and_switch_language(client, partner_a, otp_required):
    client.force_login(partner_a)

    switched = client.post("/i18n/setlang/", {"language": "ru", "next": "/two-factor/"})
    logged_out = client.post("/logout/")

    assert switched["Location"] == "/two-factor/"
    assert logged_out["Location"] == "/login/"
    assert "_auth_user_id" not in client.session


def test_an_htmx_request_is_sent_to_the_code_page_as_a_whole_page(client, partner_a, otp_required):
    client.force_login(partner_a)

    response = client.get("/", headers={"HX-Request": "true"})

    assert response.status_code == 200
    assert response["HX-Redirect"] == "/two-factor/?next=%2F"
