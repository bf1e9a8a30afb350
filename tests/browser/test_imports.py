"""Partner staff import past consultations on a phone: a refused file, then a good one."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from cycles.models import Attendance, Consultation
from tests.browser.conftest import LAPTOP, PHONE
from tests.factories import PASSWORD, CommunityFactory, GroupFactory

pytestmark = pytest.mark.browser

HEADER = "group,kind,date,place,women_18-28,women_29-45,men_60+,ethnic_tajik,ethnic_kyrgyz\n"
GOOD = "Somonion CSWG,womens_consultation,2014-04-10,Somonion school hall,12,7,,15,4\n"
BAD = "Vorukh CSWG,round_table,2014-05-02,,-3,,9,,\n"


def csv_upload(text: str) -> dict:
    return {"name": "consultations.csv", "mimeType": "text/csv", "buffer": text.encode()}


def test_a_partner_imports_consultations_on_a_phone(portal_page, org_a, partner_a):
    GroupFactory(name="Somonion CSWG", partner=org_a, communities=[CommunityFactory()])
    page = portal_page.page
    portal_page.sign_in("partner_a", PASSWORD)
    portal_page.goto(reverse("admin:cycles_consultation_changelist"))
    page.get_by_role("link", name="Import").click()

    page.get_by_label("File to import").set_input_files(csv_upload(HEADER + GOOD + BAD))
    page.get_by_label("Format").select_option(label="csv")
    page.get_by_role("button", name="Check the file").click()

    invalid = page.locator("tr.row-invalid")
    expect(invalid).to_have_count(1)
    expect(invalid).to_contain_text("No group “Vorukh CSWG” found among yours.")
    expect(invalid).to_contain_text("Give a number from 0 to 10000.")
    expect(page.locator("tr.row-valid")).to_have_count(1)
    expect(page.get_by_role("button", name="Confirm import")).to_have_count(0)
    # The wide preview scrolls inside its box; the page itself does not.
    assert portal_page.scroll_width() <= PHONE["width"]
    portal_page.screenshot("import-refused-360")
    assert Consultation.objects.count() == 0

    page.get_by_label("File to import").set_input_files(csv_upload(HEADER + GOOD))
    page.get_by_label("Format").select_option(label="csv")
    page.get_by_role("button", name="Check the file").click()
    expect(page.locator(".import-ready")).to_contain_text("The row below is valid")
    portal_page.screenshot("import-confirm-360")
    assert portal_page.scroll_width() <= PHONE["width"]
    # Confirmed with the keyboard.
    page.get_by_role("button", name="Confirm import").focus()
    page.keyboard.press("Enter")

    expect(page.locator(".messagelist")).to_contain_text("1 row imported.")
    assert Consultation.objects.get().place == "Somonion school hall"
    assert Attendance.objects.count() == 2
    assert portal_page.failures == [] and portal_page.console_errors == []


def test_the_import_page_on_a_laptop(portal_page, partner_a):
    portal_page.resize(LAPTOP)
    portal_page.sign_in("partner_a", PASSWORD)
    portal_page.goto(reverse("admin:communities_person_import"))

    expect(portal_page.page.locator(".import-columns")).to_contain_text(
        "full_name, gender, consent_date, consent_basis"
    )
    portal_page.screenshot("import-people-1280")
    assert portal_page.failures == [] and portal_page.console_errors == []
