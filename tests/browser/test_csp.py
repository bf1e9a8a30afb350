"""The Content-Security-Policy breaks nothing: no page of the portal or the back office trips it.

Chromium reports each blocked script, style or request both as a `securitypolicyviolation`
event and on the console; the test listens to both while an administrator goes through the
pages, including the scripted parts of the back office (autocomplete, inline rows, calendar).
"""

import time

import pytest
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from tests.browser.conftest import LAPTOP
from tests.factories import PASSWORD, CommunityFactory, GroupFactory, MembershipFactory

pytestmark = pytest.mark.browser

RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  const where = `${event.sourceFile}:${event.lineNumber}`;
  window.__cspViolations.push(`${event.violatedDirective} ${event.blockedURI} ${where}`);
});
"""


class ViolationWatch:
    def __init__(self, portal_page):
        self.portal_page = portal_page
        self.console: list[str] = []
        portal_page.page.context.add_init_script(RECORD_VIOLATIONS)
        portal_page.page.on("console", self._check_console)

    def _check_console(self, message) -> None:
        if "Content Security Policy" in message.text:
            self.console.append(message.text)

    def visit(self, path: str) -> None:
        self.portal_page.goto(path)
        self.check(path)

    def check(self, where: str) -> None:
        page = self.portal_page.page
        page.wait_for_load_state("networkidle")
        violations = page.evaluate("window.__cspViolations")
        assert violations == [], where
        assert self.console == [], where
        assert self.portal_page.failures == [], where
        assert self.portal_page.console_errors == [], where


def is_autocomplete(response) -> bool:
    return "/admin/autocomplete/" in response.url


@pytest.fixture
def fti_groups(org_a, programme_a):
    osh = CommunityFactory(name="Amir-Temur district of Osh city")
    cswg = GroupFactory(
        name="Amir-Temur CSWG", partner=org_a, programme=programme_a, communities=[osh]
    )
    GroupFactory(
        name="Amir-Temur LCPC",
        kind="lcpc",
        partner=org_a,
        programme=programme_a,
        communities=[osh],
    )
    MembershipFactory(group=cswg, person__organisation=org_a, person__full_name="Aigul Sadykova")
    return cswg


def test_no_page_breaks_the_content_security_policy(portal_page, superuser, fti_groups, settings):
    settings.OTP_REQUIRED = True
    page = portal_page.page
    portal_page.resize(LAPTOP)
    page.set_default_timeout(10_000)
    watch = ViolationWatch(portal_page)

    # The back-office sign-in, then the two-factor set-up with its QR code.
    watch.visit("/admin/login/?next=/admin/")
    page.get_by_label("Username").fill("root")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/two-factor/?next=%2Fadmin%2F")
    expect(page.locator(".two-factor-qr svg")).to_be_visible()
    watch.check("two-factor set-up")
    portal_page.screenshot("two-factor-setup-1280")
    device = TOTPDevice.objects.get(user=superuser)
    totp = TOTP(device.bin_key)
    totp.time = time.time()
    page.get_by_label("Six-digit code").fill(f"{totp.token():06d}")
    page.get_by_role("button", name="Confirm and continue").click()
    page.wait_for_url(portal_page.base_url + "/admin/")
    watch.check("back-office index")

    watch.visit("/admin/communities/group/")
    expect(page.get_by_role("link", name="Amir-Temur CSWG")).to_be_visible()

    # A change form with inline rows, autocomplete and a calendar.
    watch.visit(f"/admin/communities/group/{fti_groups.pk}/change/")
    # One search at a time: select2 cancels a search still under way when another starts.
    with page.expect_response(is_autocomplete):
        page.locator(".field-communities .select2-selection").click()
    with page.expect_response(is_autocomplete):
        page.locator(".select2-search__field").fill("Amir")
    expect(page.locator(".select2-results__option").first).to_contain_text("Amir-Temur")
    page.keyboard.press("Escape")
    page.get_by_role("button", name="Add another Membership").click()
    expect(page.locator("#memberships-0 .field-person")).to_be_visible()
    page.locator(".field-established .datetimeshortcuts a").last.click()
    expect(page.locator(".calendarbox:visible")).to_have_count(1)
    watch.check("group change form")
    portal_page.screenshot("admin-group-change-1280")

    watch.visit(f"/admin/communities/group/{fti_groups.pk}/merge/")
    expect(page.get_by_role("heading", name="Merge Amir-Temur CSWG into an LCPC")).to_be_visible()
    watch.visit("/admin/communities/group/add/")
    watch.visit(f"/admin/communities/group/{fti_groups.pk}/history/")
    watch.visit("/admin/communities/person/")
    watch.visit(f"/admin/communities/community/{fti_groups.communities.get().pk}/change/")
    watch.visit(f"/admin/communities/user/{superuser.pk}/change/")
    watch.visit("/admin/otp_totp/totpdevice/")
    watch.visit("/admin/cycles/cycle/add/")

    # The portal's own pages.
    watch.visit("/")
    watch.visit("/password_change/")
    portal_page.goto("/no-such-page/")
    expect(page.get_by_role("heading", name="Page not found")).to_be_visible()
    assert page.evaluate("window.__cspViolations") == []
    assert watch.console == []
