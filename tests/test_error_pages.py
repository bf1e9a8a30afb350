"""The 404, 403 and 500 pages: in the site's style, saying what to do, never showing a trace."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import include, path

from tests.test_headers import EXPECTED_POLICY, policy

pytestmark = pytest.mark.django_db


def broken_view(request):
    raise RuntimeError("secret detail of the failure")


def forbidden_view(request):
    raise PermissionDenied


urlpatterns = [
    path("broken/", broken_view),
    path("forbidden/", forbidden_view),
    path("", include("cswg_portal.urls")),
]


@pytest.mark.urls(__name__)
def test_a_server_error_shows_the_generic_page_without_the_trace(client, settings, facilitator_a):
    settings.DEBUG = False
    client.raise_request_exception = False
    client.force_login(facilitator_a)

    response = client.get("/broken/")

    html = response.content.decode()
    assert response.status_code == 500
    assert [template.name for template in response.templates] == ["500.html"]
    assert '<h1 class="h3 mb-3">Something went wrong</h1>' in html
    assert "tell your programme officer" in html
    assert "try again in a few minutes" in html
    assert "secret detail" not in html
    assert "RuntimeError" not in html
    assert "Traceback" not in html
    # No menu and nothing about the user: the page must render even if those are what broke.
    assert facilitator_a.username not in html
    assert "Log out" not in html
    assert "/static/css/portal.css" in html
    assert policy(response) == EXPECTED_POLICY


@pytest.mark.urls(__name__)
def test_a_refusal_shows_the_403_page_in_the_site_style(client, facilitator_a):
    client.force_login(facilitator_a)

    response = client.get("/forbidden/")

    html = response.content.decode()
    assert response.status_code == 403
    assert response.templates[0].name == "403.html"
    assert '<h1 class="h3 mb-3">Not allowed</h1>' in html
    assert "ask your programme officer" in html
    assert 'action="/logout/"' in html


def test_an_unknown_address_shows_the_404_page_in_the_site_style(client, facilitator_a):
    client.force_login(facilitator_a)

    response = client.get("/no-such-page/")

    html = response.content.decode()
    assert response.status_code == 404
    assert response.templates[0].name == "404.html"
    assert '<h1 class="h3 mb-3">Page not found</h1>' in html
    assert 'href="/">Go to the home page</a>' in html
