"""A facilitator logs a consultation with two concerns on a phone, then scores and marks them."""

import pytest
from playwright.sync_api import expect

from cycles.models import Concern, Consultation
from tests.browser.conftest import LAPTOP, PHONE
from tests.cycles.factories import CycleFactory
from tests.factories import PASSWORD, GroupFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def somonion(org_a, programme_a, facilitator_a):
    group = GroupFactory(
        name="Somonion CSWG", partner=org_a, programme=programme_a, facilitators=[facilitator_a]
    )
    return CycleFactory(group=group, number=1, step=2)


def test_a_facilitator_logs_a_consultation_then_prioritises(portal_page, somonion):
    page = portal_page.page
    portal_page.sign_in("facilitator_a", PASSWORD)
    portal_page.goto(f"/groups/{somonion.group_id}/consultations/new/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Log a consultation")
    # The kind takes the focus; the date is today already.
    assert page.evaluate("document.activeElement.id") == "id_kind"

    page.get_by_label("Kind").select_option("womens_consultation")
    page.get_by_label("Place").fill("Somonion school hall")
    page.get_by_label("Woman, Youth 18-28", exact=True).fill("12")
    page.get_by_label("Woman, Adult 29-45", exact=True).fill("7")
    page.get_by_label("Man, 60 and over", exact=True).fill("2")
    expect(page.locator("#attendance .headcount-grid .headcount-total")).to_have_text("21")
    page.get_by_label("Tajik", exact=True).fill("21")
    page.get_by_label("Police attended").check()

    page.locator("#id_concerns-0-title").fill("Wolves at the water stream")
    page.locator("#id_concerns-0-category").select_option("natural_resources")
    page.locator("#id_concerns-0-raised_by_0").check()
    # Two empty concern forms come with the page; the button adds a third.
    page.get_by_role("button", name="Add another concern").click()
    expect(page.locator("#id_concerns-2-title")).to_be_focused()
    expect(page.get_by_role("group", name="Concern 3")).to_be_visible()
    page.keyboard.type("No street lighting on the school road")
    page.locator("#id_concerns-2-category").select_option("infrastructure")
    page.locator("#id_concerns-2-raised_by_1").check()
    portal_page.screenshot("consultation-form-360")
    assert portal_page.scroll_width() <= PHONE["width"]
    portal_page.resize(LAPTOP)
    portal_page.screenshot("consultation-form-1280")

    page.get_by_role("button", name="Save the consultation").click()

    consultation = Consultation.objects.get()
    page.wait_for_url(portal_page.base_url + consultation.get_absolute_url())
    expect(page.get_by_role("status").first).to_contain_text("2 concerns raised.")
    expect(page.get_by_text("21 people")).to_be_visible()
    portal_page.screenshot("consultation-detail-1280")
    portal_page.resize(PHONE)
    portal_page.screenshot("consultation-detail-360")
    assert portal_page.scroll_width() <= PHONE["width"]
    assert Concern.objects.count() == 2

    portal_page.goto(f"/cycles/{somonion.pk}/priorities/")
    page.evaluate("window.__samePage = true")
    wolves = Concern.objects.get(title__startswith="Wolves")
    lighting = Concern.objects.get(title__startswith="No street")
    for concern, value in [(wolves, "3"), (lighting, "5")]:
        form = page.locator(f"#concern-{concern.pk} form")
        for select in form.locator("select").all():
            select.select_option(value)
        form.get_by_role("button", name="Save scores").click()
        expect(page.locator(f"#concern-{concern.pk}")).to_contain_text(
            f"Score {int(value) * 4} of 20"
        )
    # The list was ranked again in place: lighting first now, no page load in between.
    titles = page.locator(".priority-item h2")
    expect(titles.first).to_have_text("No street lighting on the school road")
    expect(titles.nth(1)).to_have_text("Wolves at the water stream")
    assert page.evaluate("window.__samePage") is True
    expect(page.locator(f"#concern-{lighting.pk}")).to_be_focused()
    portal_page.screenshot("priorities-360")
    assert portal_page.scroll_width() <= PHONE["width"]

    page.get_by_role("link", name="Mark priorities").click()
    page.get_by_label("No street lighting on the school road").check()
    portal_page.screenshot("priorities-mark-360")
    page.get_by_role("button", name="Mark as priorities").click()

    expect(page.get_by_role("status").first).to_contain_text("1 concern is marked as a priority.")
    expect(page.locator(f"#concern-{lighting.pk}")).to_contain_text("Prioritised")
    portal_page.resize(LAPTOP)
    portal_page.screenshot("priorities-1280")
    lighting.refresh_from_db()
    assert lighting.status == Concern.Status.PRIORITISED
    assert portal_page.failures == []
    assert portal_page.console_errors == []
