"""A database outage in a browser: the 503 page on a phone and a laptop, without a trace or a
blocked resource, and the same address working again once the database is back."""

import pytest
from django.db import OperationalError
from django.shortcuts import redirect
from django.urls import include, path
from playwright.sync_api import expect

from tests.browser.conftest import LAPTOP, PHONE
from tests.browser.test_csp import RECORD_VIOLATIONS
from tests.factories import PASSWORD

pytestmark = pytest.mark.browser

OUTAGE = {"on": True}


def during_outage(request):
    """A page whose database query fails while OUTAGE is on, and then works (goes home)."""
    if OUTAGE["on"]:
        raise OperationalError("server closed the connection unexpectedly")
    return redirect("home")


urlpatterns = [
    path("work/", during_outage),
    path("", include("cswg_portal.urls")),
]


@pytest.mark.urls(__name__)
def test_a_facilitator_sees_the_503_page_and_gets_back_to_work_after_the_outage(
    portal_page, facilitator_a
):
    OUTAGE["on"] = True
    page = portal_page.page
    page.context.add_init_script(RECORD_VIOLATIONS)
    portal_page.sign_in("facilitator_a", PASSWORD)

    response = page.goto(portal_page.base_url + "/work/")

    assert response.status == 503
    assert response.headers["retry-after"] == "30"
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_have_text("The portal is briefly unavailable")
    expect(page.get_by_text("Wait a minute and reload the page.")).to_be_visible()
    html = page.content()
    assert "OperationalError" not in html
    assert "server closed" not in html
    assert page.evaluate("window.__cspViolations") == []
    # The only console error is Chromium's note of the 503 status itself.
    assert all("status of 503" in error for error in portal_page.console_errors)
    for name, size in (("phone", PHONE), ("laptop", LAPTOP)):
        portal_page.resize(size)
        assert portal_page.scroll_width() <= size["width"]
        portal_page.screenshot(f"ops-503-{name}")

    OUTAGE["on"] = False
    page.reload()

    page.wait_for_url(portal_page.base_url + "/")
    assert "The portal is briefly unavailable" not in page.content()
    assert portal_page.failures == [f"503 {portal_page.base_url}/work/"]
