"""A donor reads a programme's progress report on a phone and downloads it."""

import datetime
import io

import openpyxl
import pytest
from django.utils import timezone
from playwright.sync_api import expect

from cycles.models import ReportSignOff
from cycles.reports.scope import Period
from tests.browser.conftest import LAPTOP, PHONE
from tests.cycles.test_reports import Q2, world  # noqa: F401
from tests.factories import PASSWORD

pytestmark = pytest.mark.browser


def sign(programme, period, by, day):
    ReportSignOff.objects.create(
        programme=programme,
        period_start=period.start,
        period_end=period.end,
        signed_by=by,
        signed_at=timezone.make_aware(datetime.datetime(2014, 7, day, 10)),
    )


def test_a_donor_reads_a_report_changes_the_period_and_downloads_it(
    portal_page,
    world,  # noqa: F811
    donor_a,
    partner_a,
    programme_a,
    settings,
):
    # The report's map loads its tiles from the portal itself (none may come from outside).
    settings.MAP_TILE_URL = "/static/vendor/leaflet/images/layers.png?z={z}&x={x}&y={y}"
    sign(programme_a, Period.quarter(2014, 1), partner_a, 1)
    sign(programme_a, Q2, partner_a, 3)
    page = portal_page.page
    portal_page.goto("/login/")
    page.get_by_label("Username").fill(donor_a.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    # Home is the portfolio for a donor.
    page.wait_for_url(portal_page.base_url + "/reports/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Reports")
    portal_page.screenshot("reports-portfolio-360")
    page.get_by_role("link", name=programme_a.name).click()

    expect(page.locator(".report-header")).to_contain_text("Q2 2014")
    expect(page.locator(".report-header")).to_contain_text("Signed off by FTI on July 3, 2014")
    portal_page.screenshot("reports-report-360")
    portal_page.screenshot("reports-report-360-top", full_page=False)
    page.locator("#table-attendance").scroll_into_view_if_needed()
    portal_page.screenshot("reports-report-360-table", full_page=False)
    assert portal_page.scroll_width() <= PHONE["width"]
    portal_page.resize(LAPTOP)
    portal_page.screenshot("reports-report-1280")
    page.evaluate("window.scrollTo(0, 0)")
    portal_page.screenshot("reports-report-1280-top", full_page=False)
    # What the print gives: the figures, no menu, form or buttons.
    page.emulate_media(media="print")
    expect(page.locator("nav.navbar")).to_be_hidden()
    expect(page.get_by_role("button", name="Print / PDF")).to_be_hidden()
    expect(page.locator(".report-header")).to_be_visible()
    portal_page.screenshot("reports-report-print")
    page.emulate_media(media="screen")

    page.get_by_text("Change the period or the filters").click()
    # Only the fields of a quarter are shown.
    expect(page.get_by_label("From", exact=True)).to_be_hidden()
    page.get_by_label("Quarter", exact=True).select_option("1")
    page.get_by_role("button", name="Show the report").click()
    expect(page.locator(".report-header")).to_contain_text("Q1 2014")
    expect(page.locator(".report-header")).to_contain_text("Signed off by FTI on July 1, 2014")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download XLSX").click()
    download = download_info.value
    assert download.suggested_filename.endswith("-2014-q1.xlsx")
    workbook = openpyxl.load_workbook(io.BytesIO(download.path().read_bytes()))
    assert workbook.sheetnames[0] == "About this report"
    about = {
        row[0]: row[1] for row in workbook.worksheets[0].iter_rows(min_row=2, values_only=True)
    }
    assert about["Programme"] == programme_a.name
    # A download shows as a navigation that the browser aborts: no fault.
    assert [failure for failure in portal_page.failures if "/export.xlsx" not in failure] == []
    assert portal_page.console_errors == []
