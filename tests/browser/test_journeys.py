"""The journeys people actually take, in a real Chromium, at phone and laptop sizes.

Each test also saves screenshots to tests/browser/screenshots/ for a person to look at.
"""

import re

import pytest
from playwright.sync_api import expect

from communities.models import Community
from tests.browser.conftest import LAPTOP, PHONE
from tests.factories import PASSWORD, CommunityFactory, GroupFactory

pytestmark = pytest.mark.browser

BRAND_BLUE = "rgb(29, 78, 107)"


@pytest.fixture
def fti_communities(org_a, org_b, programme_a, facilitator_a):
    """FTI works in three communities of the case studies; ASTI in Vorukh."""
    for name, kind, population in [
        ("Bazar-Korgon", Community.Kind.VILLAGE, 31500),
        ("Mirmahmudov", Community.Kind.MUNICIPALITY, 20000),
        ("Amir-Temur district of Osh city", Community.Kind.CITY_DISTRICT, 58000),
    ]:
        community = CommunityFactory(name=name, kind=kind, population=population)
        GroupFactory(
            name=f"{name} CSWG",
            partner=org_a,
            programme=programme_a,
            communities=[community],
            facilitators=[facilitator_a],
        )
    GroupFactory(name="Vorukh CSWG", partner=org_b, communities=[CommunityFactory(name="Vorukh")])


@pytest.fixture
def many_fti_communities(org_a, facilitator_a):
    for number in range(30):
        community = CommunityFactory(name=f"Mahalla {number} of the Khoja Alo rural municipality")
        GroupFactory(partner=org_a, communities=[community], facilitators=[facilitator_a])


def active_element(page) -> str:
    return page.evaluate("document.activeElement.id || document.activeElement.textContent.trim()")


def assert_assets_loaded(portal_page) -> None:
    page = portal_page.page
    expect(page.locator("nav.navbar")).to_have_css("background-color", BRAND_BLUE)
    assert page.evaluate("typeof window.bootstrap") == "object"
    assert page.evaluate("typeof window.htmx") == "object"
    assert portal_page.failures == []
    assert portal_page.console_errors == []


def test_a_facilitator_signs_in_on_a_phone_with_the_keyboard_only(
    portal_page, facilitator_a, fti_communities
):
    page = portal_page.page
    portal_page.goto("/")
    page.wait_for_url(portal_page.base_url + "/login/?next=/")

    # The username field takes the focus by itself.
    assert active_element(page) == "id_username"
    page.keyboard.type("facilitator_a")
    page.keyboard.press("Tab")
    assert active_element(page) == "id_password"
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Tab")
    assert active_element(page) == "Sign in"
    portal_page.screenshot("login-360")
    page.keyboard.press("Enter")

    page.wait_for_url(portal_page.base_url + "/")
    expect(page.get_by_role("heading", level=1)).to_have_text("My work")
    for name in ["Bazar-Korgon", "Mirmahmudov", "Amir-Temur district of Osh city"]:
        expect(page.get_by_role("heading", name=f"{name} CSWG")).to_be_visible()
    expect(page.get_by_text("Vorukh")).to_have_count(0)
    expect(page.get_by_text("No cycle open.")).to_have_count(3)
    portal_page.screenshot("home-360")
    assert_assets_loaded(portal_page)


def test_the_skip_link_appears_on_focus_and_leads_to_the_content(portal_page, facilitator_a):
    page = portal_page.page
    portal_page.sign_in("facilitator_a", PASSWORD)
    skip_link = page.get_by_role("link", name="Skip to main content")
    expect(skip_link).not_to_be_in_viewport()

    page.keyboard.press("Tab")

    expect(skip_link).to_be_focused()
    expect(skip_link).to_be_in_viewport()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_a_user_switches_the_language_to_russian_on_a_laptop(
    portal_page, facilitator_a, fti_communities
):
    page = portal_page.page
    portal_page.resize(LAPTOP)
    portal_page.goto("/login/")
    portal_page.screenshot("login-1280")
    portal_page.sign_in("facilitator_a", PASSWORD)
    portal_page.screenshot("home-1280")
    assert page.evaluate("document.documentElement.lang") == "en"

    page.get_by_label("Language").select_option("ru")
    with page.expect_navigation():
        page.locator(".language-form button[type=submit]").click()

    assert page.evaluate("document.documentElement.lang") == "ru"
    expect(page.locator("#language-select")).to_have_value("ru")
    assert page.url == portal_page.base_url + "/"
    portal_page.screenshot("home-1280-ru")
    assert_assets_loaded(portal_page)


def test_the_menu_collapses_on_a_phone_and_the_toggler_opens_it(portal_page, facilitator_a):
    page = portal_page.page
    portal_page.sign_in("facilitator_a", PASSWORD)
    menu = page.locator("#portal-nav")
    toggler = page.get_by_role("button", name="Show or hide the menu")
    expect(menu).to_be_hidden()
    expect(toggler).to_have_attribute("aria-expanded", "false")

    toggler.click()

    # Bootstrap adds "show" once the opening animation has finished.
    expect(menu).to_have_class(re.compile(r"\bshow\b"))
    expect(toggler).to_have_attribute("aria-expanded", "true")
    expect(menu.get_by_role("link", name="Home")).to_be_visible()
    page.locator(".user-menu-toggle").click()
    expect(page.get_by_role("link", name="Change password")).to_be_visible()
    portal_page.screenshot("menu-open-360")
    assert portal_page.scroll_width() <= PHONE["width"]

    page.get_by_role("button", name="Log out").click()

    page.wait_for_url(portal_page.base_url + "/login/")
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()


def test_the_menu_is_open_on_a_laptop(portal_page, facilitator_a):
    portal_page.resize(LAPTOP)
    portal_page.sign_in("facilitator_a", PASSWORD)

    expect(portal_page.page.locator("#portal-nav")).to_be_visible()
    expect(portal_page.page.get_by_role("button", name="Show or hide the menu")).to_be_hidden()


def test_no_page_scrolls_sideways_on_a_phone(portal_page, facilitator_a, many_fti_communities):
    portal_page.goto("/login/")
    assert portal_page.scroll_width() <= PHONE["width"]

    portal_page.sign_in("facilitator_a", PASSWORD)
    pages = portal_page.page.get_by_role("navigation", name="Pages")
    pages.scroll_into_view_if_needed()
    expect(pages).to_be_in_viewport()
    assert portal_page.scroll_width() <= PHONE["width"]
    portal_page.screenshot("home-360-pagination", full_page=False)

    portal_page.goto("/?page=2")
    expect(portal_page.page.locator(".my-groups > li")).to_have_count(5)
    assert portal_page.scroll_width() <= PHONE["width"]

    portal_page.goto("/password_change/")
    assert portal_page.scroll_width() <= PHONE["width"]
    assert_assets_loaded(portal_page)


def test_a_wrong_password_shows_the_error_on_a_phone(portal_page, facilitator_a):
    page = portal_page.page
    portal_page.goto("/login/")
    page.get_by_label("Username").fill("facilitator_a")
    page.get_by_label("Password").fill("not-the-password")
    page.get_by_role("button", name="Sign in").click()

    expect(page.get_by_role("alert")).to_contain_text(
        "Please enter a correct username and password"
    )
    assert portal_page.scroll_width() <= PHONE["width"]
    portal_page.screenshot("login-error-360")
