"""Finding a community, its map, a group and adding a member, in Chromium at phone and laptop
sizes. Screenshots go to tests/browser/screenshots/.
"""

import datetime

import pytest
from playwright.sync_api import expect

from communities.models import Community, Group, Membership
from tests.browser.conftest import LAPTOP, PHONE
from tests.factories import (
    PASSWORD,
    CommunityFactory,
    DistrictFactory,
    EthnicShareFactory,
    GroupFactory,
    MembershipFactory,
    PersonFactory,
    RegionFactory,
)

pytestmark = pytest.mark.browser

RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(`${event.violatedDirective} ${event.blockedURI}`);
});
"""


@pytest.fixture
def batken(org_a, programme_a, facilitator_a):
    """FTI's groups in Batken and Osh; Gulnara sits in the Kulundu group already."""
    district = DistrictFactory(name="Batken", region=RegionFactory(name="Batken"))
    aksai = CommunityFactory(
        name="Aksai",
        district=district,
        on_border=True,
        population=6500,
        latitude="39.93000",
        longitude="70.62000",
        assessment_notes="Disputes over irrigation water with the neighbouring village.",
    )
    EthnicShareFactory(community=aksai, ethnicity="kyrgyz", percent=97)
    lcpc = GroupFactory(
        name="Aksai LCPC",
        kind=Group.Kind.LCPC,
        partner=org_a,
        programme=programme_a,
        communities=[aksai],
        facilitators=[facilitator_a],
    )
    kulundu = GroupFactory(
        name="Kulundu CSWG",
        partner=org_a,
        programme=programme_a,
        communities=[
            CommunityFactory(name="Kulundu", district=district, kind=Community.Kind.MUNICIPALITY)
        ],
        facilitators=[facilitator_a],
    )
    for number in range(3):
        GroupFactory(
            name=f"Nookat CSWG {number}",
            partner=org_a,
            communities=[
                CommunityFactory(
                    name=f"Nookat mahalla {number}", district=DistrictFactory(name="Nookat")
                )
            ],
            facilitators=[facilitator_a],
        )
    MembershipFactory(
        group=lcpc,
        person=PersonFactory(full_name="Bakyt Usenov", gender="male", organisation=org_a),
        role=Membership.Role.CHAIR,
        sector=Membership.Sector.LOCAL_AUTHORITY,
    )
    MembershipFactory(
        group=kulundu, person=PersonFactory(full_name="Gulnara Asanova", organisation=org_a)
    )
    return aksai, lcpc


def violations(portal_page) -> list[str]:
    return portal_page.page.evaluate("window.__cspViolations")


def test_a_facilitator_filters_communities_opens_one_and_adds_a_member(
    portal_page, facilitator_a, batken, settings
):
    aksai, lcpc = batken
    page = portal_page.page
    page.context.add_init_script(RECORD_VIOLATIONS)
    portal_page.sign_in("facilitator_a", PASSWORD)

    # The list, filtered in place: no page load, the address follows the filters.
    portal_page.goto("/communities/")
    results = page.locator(".community-results > li")
    expect(results).to_have_count(5)
    portal_page.screenshot("places-list-360")
    page.evaluate("window.__noReload = true")
    page.get_by_text("More filters").click()
    page.get_by_label("Region").select_option(label="Batken (Kyrgyzstan)")
    expect(results).to_have_count(2)
    page.get_by_label("Kind", exact=True).select_option("municipality")
    expect(results).to_have_count(1)
    expect(results.first).to_contain_text("Kulundu CSWG")
    assert page.evaluate("window.__noReload") is True
    assert "kind=municipality" in page.url
    page.get_by_label("Kind", exact=True).select_option("")
    expect(results).to_have_count(2)
    page.get_by_label("Search").fill("aks")
    expect(results).to_have_count(1)
    expect(results.first).to_contain_text("Aksai LCPC")
    assert portal_page.scroll_width() <= PHONE["width"]
    portal_page.resize(LAPTOP)
    portal_page.screenshot("places-list-1280")
    portal_page.resize(PHONE)

    # The community: offline, the tiles fail and the coordinates stay, with a note.
    page.get_by_role("link", name="Aksai", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Aksai")
    expect(page.get_by_text("Latitude 39.93000, longitude 70.62000")).to_be_visible()
    expect(page.locator("#community-map-offline")).to_be_visible()
    expect(page.locator("#community-map")).to_be_hidden()
    assert portal_page.scroll_width() <= PHONE["width"]
    portal_page.screenshot("places-community-offline-360")

    # With a reachable tile server the map shows the place as a circle.
    settings.MAP_TILE_URL = "/static/vendor/leaflet/images/layers.png?z={z}&x={x}&y={y}"
    page.reload()
    expect(page.locator("#community-map")).to_be_visible()
    expect(page.locator("#community-map path.leaflet-interactive")).to_have_count(1)
    expect(page.locator("#community-map-offline")).to_be_hidden()
    portal_page.screenshot("places-community-360")
    portal_page.resize(LAPTOP)
    portal_page.screenshot("places-community-1280")
    portal_page.resize(PHONE)

    # The group, and adding a member.
    page.get_by_role("link", name="Aksai LCPC").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Aksai LCPC")
    expect(page.locator(".member-list > li")).to_have_count(1)
    assert portal_page.scroll_width() <= PHONE["width"]
    portal_page.screenshot("places-group-360")
    portal_page.resize(LAPTOP)
    portal_page.screenshot("places-group-1280")
    portal_page.resize(PHONE)

    page.get_by_role("link", name="Add a member").click()
    expect(page.get_by_label("Person")).to_be_focused()
    page.get_by_label("Person").select_option(label="Gulnara Asanova")
    page.get_by_label("Role in the group").select_option("secretary")
    page.get_by_role("button", name="Add the member").click()
    # Nothing stored without a sector; the choice made is kept.
    expect(page.get_by_text("This field is required.")).to_be_visible()
    expect(page.get_by_label("Role in the group")).to_have_value("secretary")
    assert portal_page.scroll_width() <= PHONE["width"]
    portal_page.screenshot("places-membership-form-360")
    portal_page.resize(LAPTOP)
    portal_page.screenshot("places-membership-form-1280")
    portal_page.resize(PHONE)
    page.get_by_label("Sector").select_option("womens_council")
    page.get_by_label("Member since").fill("2015-04-01")
    page.get_by_role("button", name="Add the member").click()

    expect(page.get_by_text("Gulnara Asanova is now a member of Aksai LCPC.")).to_be_visible()
    expect(page.locator(".member-list > li")).to_have_count(2)
    membership = Membership.objects.get(group=lcpc, person__full_name="Gulnara Asanova")
    assert (membership.role, membership.sector, membership.start) == (
        "secretary",
        "womens_council",
        datetime.date(2015, 4, 1),
    )

    assert violations(portal_page) == []
    assert portal_page.console_errors == [] or all(
        "tile.openstreetmap.org" in error or "ERR_FAILED" in error
        for error in portal_page.console_errors
    )
    assert [
        failure for failure in portal_page.failures if "tile.openstreetmap.org" not in failure
    ] == []
