"""Who may open what: every URL of the site against every role (pretix-style access matrix)."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

ROLES = ["facilitator_a", "partner_a", "donor_a", "superuser"]
PAGES = ["home", "password_change", "password_change_done"]


@pytest.mark.parametrize("name", PAGES)
def test_anonymous_visitors_are_sent_to_login(client, name):
    url = reverse(name)
    response = client.get(url)
    assert response.status_code == 302
    assert response.url == f"{reverse('login')}?next={url}"


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", PAGES)
def test_every_role_opens_the_site_pages(client, request, role, name):
    user = request.getfixturevalue(role)
    client.force_login(user)
    response = client.get(reverse(name))
    assert response.status_code == 200
    assert user.username in response.text or user.get_full_name() in response.text


def test_logout_is_post_only(client, facilitator_a):
    client.force_login(facilitator_a)
    assert client.get(reverse("logout")).status_code == 405
    assert client.get(reverse("home")).status_code == 200


def test_a_get_does_not_switch_the_language(client, facilitator_a):
    client.force_login(facilitator_a)
    client.get(reverse("set_language"), {"language": "ru"})
    assert "django_language" not in client.cookies
    assert '<html lang="en"' in client.get(reverse("home")).text


@pytest.mark.parametrize(
    ("role", "allowed"),
    [("facilitator_a", False), ("donor_a", False), ("partner_a", True), ("superuser", True)],
)
def test_only_partner_staff_and_administrators_enter_the_back_office(
    client, request, role, allowed
):
    client.force_login(request.getfixturevalue(role))
    response = client.get(reverse("admin:index"))
    if allowed:
        assert response.status_code == 200
        assert "Communities and groups" in response.text
    else:
        assert response.status_code == 302
        assert response.url.startswith(reverse("admin:login"))


PARTNER_MAY_VIEW = [
    "region",
    "district",
    "organisation",
    "programme",
    "community",
    "group",
    "person",
    "membership",
]


@pytest.mark.parametrize("model", PARTNER_MAY_VIEW)
def test_partner_staff_open_their_changelists(client, partner_a, model):
    client.force_login(partner_a)
    assert client.get(reverse(f"admin:communities_{model}_changelist")).status_code == 200


@pytest.mark.parametrize(
    "url_name",
    [
        "admin:communities_user_changelist",
        "admin:communities_organisation_add",
        "admin:communities_programme_add",
        "admin:communities_region_add",
        "admin:auth_group_changelist",
    ],
)
def test_partner_staff_cannot_manage_reference_data_or_users(client, partner_a, url_name):
    client.force_login(partner_a)
    assert client.get(reverse(url_name)).status_code == 403
