"""The report's charts and map in Chromium: partner staff and a donor, on a phone and a
laptop; the tiles unreachable; JavaScript off."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from communities.models import Community
from cycles.models import ReportSignOff
from tests.browser.conftest import LAPTOP, PHONE
from tests.browser.test_places import RECORD_VIOLATIONS
from tests.cycles.test_reports import Q2, world  # noqa: F401
from tests.factories import PASSWORD

pytestmark = pytest.mark.browser

REPORT_Q2 = "?kind=quarter&year=2014&quarter=2"
# Leaflet's own image stands in for a tile server the test can reach.
LOCAL_TILES = "/static/vendor/leaflet/images/layers.png?z={z}&x={x}&y={y}"
TILE_HOST = "tile.openstreetmap.org"
CHART_KEYS = [
    "participation-gender",
    "participation-age",
    "concerns",
    "funnel",
    "money",
    "ownership",
]

# What Chart.js drew on each canvas: its key, and how many bars have a value.
DRAWN = """() => [...document.querySelectorAll("canvas[data-chart]")].map((canvas) => {
  const chart = Chart.getChart(canvas);
  const values = chart ? chart.data.datasets.flatMap((set) => set.data) : [];
  return {
    key: canvas.dataset.chart.replace("chart-spec-", ""),
    drawn: Boolean(chart) && canvas.width > 0 && canvas.height > 0,
    bars: values.filter((value) => value !== null && value > 0).length,
    subtitle: chart ? chart.options.plugins.subtitle.text : null,
  };
})"""
ALL_DRAWN = """() => {
  const canvases = [...document.querySelectorAll("canvas[data-chart]")];
  return canvases.length > 0 && canvases.every((canvas) => Chart.getChart(canvas));
}"""


@pytest.fixture
def placed(world):  # noqa: F811
    """`world`'s two communities at fixed places (Kara-Suu in Nookat, Somonion in Isfara)."""
    Community.objects.filter(name="Kara-Suu").update(latitude="40.26000", longitude="72.12000")
    Community.objects.filter(name="Somonion").update(latitude="40.02000", longitude="70.71000")
    return world


def sign_off_q2(programme, by):
    ReportSignOff.objects.create(
        programme=programme,
        period_start=Q2.start,
        period_end=Q2.end,
        signed_by=by,
        signed_at=timezone.make_aware(datetime.datetime(2014, 7, 3, 10)),
    )


def sign_in_donor(portal_page, donor) -> None:
    """A donor's home is /reports/, not /: PortalPage.sign_in would wait for the wrong page."""
    page = portal_page.page
    portal_page.goto("/login/")
    page.get_by_label("Username").fill(donor.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(portal_page.base_url + "/reports/")


def test_partner_staff_see_every_chart_drawn_and_the_communities_on_the_map(
    portal_page, placed, partner_a, programme_a, settings
):
    settings.MAP_TILE_URL = LOCAL_TILES
    page = portal_page.page
    page.context.add_init_script(RECORD_VIOLATIONS)
    portal_page.sign_in(partner_a.username, PASSWORD)

    portal_page.goto(f"/reports/programmes/{programme_a.pk}/{REPORT_Q2}")
    page.wait_for_function(ALL_DRAWN)

    drawn = page.evaluate(DRAWN)
    assert [chart["key"] for chart in drawn] == CHART_KEYS
    assert all(chart["drawn"] and chart["bars"] > 0 for chart in drawn), drawn
    # 15 women and 8 men in April, 6 women in May, 2 men in June.
    assert next(c for c in drawn if c["key"] == "participation-gender")["bars"] == 4
    assert all(chart["subtitle"] == "" for chart in drawn)
    # Two circles, in the colours of steps 2 and 1; the legend; the list under the map.
    markers = page.locator("#report-map path.leaflet-interactive")
    expect(markers).to_have_count(2)
    fills = sorted(markers.evaluate_all("(paths) => paths.map((p) => p.getAttribute('fill'))"))
    assert fills == ["#56B4E9", "#E69F00"]
    expect(page.locator(".report-map-legend li")).to_have_count(6)
    expect(page.locator("#report-map-list li")).to_have_count(2)
    expect(page.locator("#report-map-list")).to_contain_text(
        "Kara-Suu (Nookat): 2. Identify and prioritise problems"
    )
    expect(page.locator("#report-map-offline")).to_be_hidden()
    # The figures of a chart, as a table, a click away.
    funnel = page.locator(".report-figure", has=page.locator("#chart-funnel-title"))
    funnel.get_by_text("The figures of this chart").click()
    expect(funnel.locator("tbody tr").first).to_contain_text("1. Preparation and conflict analysis")

    assert portal_page.scroll_width() <= PHONE["width"]
    page.locator("#charts-heading").scroll_into_view_if_needed()
    portal_page.screenshot("report-charts-360")
    portal_page.resize(LAPTOP)
    page.wait_for_function(ALL_DRAWN)
    portal_page.screenshot("report-charts-1280")
    # On paper the tables stand for the charts and the list for the map.
    page.emulate_media(media="print")
    expect(page.locator(".report-charts")).to_be_hidden()
    expect(page.locator("#report-map")).to_be_hidden()
    expect(page.locator("#report-map-list")).to_be_visible()
    page.emulate_media(media="screen")

    assert page.evaluate("window.__cspViolations") == []
    assert portal_page.console_errors == []
    assert portal_page.failures == []


def test_a_donor_sees_hidden_counts_in_the_charts_and_the_map_without_tiles(
    portal_page, placed, donor_a, partner_a, programme_a
):
    # The tiles come from the default server, outside the live server: every tile fails.
    sign_off_q2(programme_a, partner_a)
    page = portal_page.page
    sign_in_donor(portal_page, donor_a)

    portal_page.goto(f"/reports/programmes/{programme_a.pk}/")
    page.wait_for_function(ALL_DRAWN)

    drawn = {chart["key"]: chart for chart in page.evaluate(DRAWN)}
    assert list(drawn) == CHART_KEYS
    assert all(chart["drawn"] for chart in drawn.values())
    by_gender = drawn["participation-gender"]
    assert (by_gender["bars"], by_gender["subtitle"]) == (0, "<5 hidden: 4 figures are not drawn")
    assert drawn["money"]["bars"] == 3 and drawn["money"]["subtitle"] == ""
    expect(page.get_by_text("<5 hidden: 4 figures are not drawn").first).to_be_visible()
    # The circles stay on a blank background, with a note; the list stays.
    expect(page.locator("#report-map-offline")).to_be_visible()
    expect(page.locator("#report-map")).to_be_visible()
    expect(page.locator("#report-map path.leaflet-interactive")).to_have_count(2)
    expect(page.locator("#report-map-list li")).to_have_count(2)
    assert portal_page.scroll_width() <= PHONE["width"]
    page.locator("#map-heading").scroll_into_view_if_needed()
    portal_page.screenshot("report-charts-donor-offline-360", full_page=False)

    tile_failures = [failure for failure in portal_page.failures if TILE_HOST in failure]
    assert tile_failures
    assert [failure for failure in portal_page.failures if TILE_HOST not in failure] == []
    # Chromium reports each aborted tile as a failed resource, without its address.
    assert set(portal_page.console_errors) <= {"Failed to load resource: net::ERR_FAILED"}


def test_without_javascript_the_list_of_communities_and_the_figures_remain(
    chromium_browser, live_server, placed, partner_a, programme_a
):
    context = chromium_browser.new_context(
        viewport=PHONE, locale="en-GB", java_script_enabled=False
    )
    page = context.new_page()
    page.route(lambda url: not url.startswith(live_server.url), lambda route: route.abort())
    page.goto(live_server.url + "/login/")
    page.get_by_label("Username").fill(partner_a.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(live_server.url + "/")

    page.goto(f"{live_server.url}/reports/programmes/{programme_a.pk}/{REPORT_Q2}")

    expect(page.locator("#report-map")).to_be_hidden()
    expect(page.locator("#report-map-list li")).to_have_count(2)
    expect(page.locator("#report-map-list li").first).to_be_visible()
    expect(page.locator(".report-chart").first).to_be_hidden()
    expect(page.locator(".report-chart-figures summary")).to_have_count(6)
    page.get_by_text("The figures of this chart").first.click()
    expect(page.locator(".report-chart-figures table").first).to_be_visible()
    context.close()
