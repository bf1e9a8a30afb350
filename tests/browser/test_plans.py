"""A facilitator writes an action plan on a phone, watches the money add up, saves and submits."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from cycles.models import ActionPlan, Concern
from tests.browser.conftest import LAPTOP, PHONE
from tests.cycles.factories import ConcernFactory, CycleFactory
from tests.factories import PASSWORD, GroupFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def cycle(org_a, programme_a, facilitator_a):
    group = GroupFactory(
        name="Bazar-Korgon CSWG", partner=org_a, programme=programme_a, facilitators=[facilitator_a]
    )
    cycle = CycleFactory(group=group, number=1, step=3)
    ConcernFactory(
        cycle=cycle, title="The canal runs dry in July", status=Concern.Status.PRIORITISED
    )
    return cycle


def totals(page) -> list[str]:
    rows = page.locator("[data-plan-totals-body] tr")
    return [
        " | ".join(rows.nth(i).locator("th, td").all_inner_texts()) for i in range(rows.count())
    ]


def test_a_facilitator_writes_saves_and_submits_a_plan(portal_page, facilitator_a, cycle):
    page = portal_page.page
    portal_page.sign_in("facilitator_a", PASSWORD)
    portal_page.goto(reverse("cycles:plan-add", args=[cycle.pk]))

    # The title has the focus; without any money the totals say so.
    assert page.evaluate("document.activeElement.id") == "id_title"
    expect(page.locator("[data-plan-totals-body]")).to_contain_text("No seed grant")
    page.keyboard.type("Canal cleaning")
    page.get_by_label("Objective").fill("Water reaches the lower fields in July.")
    page.get_by_label("The canal runs dry in July").check()
    page.get_by_label("Who could be harmed or excluded").fill("Upper-village farmers.")
    page.get_by_label("How tensions are avoided").fill("Both villages clean together.")
    page.locator("#id_criteria-0-description").fill("Water in the lower fields in July")
    page.locator("#id_criteria-0-baseline").fill("Dry for three weeks")
    page.locator("#id_criteria-0-target").fill("Never dry")

    page.locator("#id_activities-0-title").fill("Clean the canal")
    page.locator("#id_activities-0-kind").select_option("small_works")
    page.locator("#id_activities-0-seed_grant").fill("40000")
    page.locator("#id_activities-0-seed_grant_currency").select_option("KGS")
    assert totals(page) == ["KGS | 40,000.00 | 0.00 | 0.0%"]

    page.get_by_role("button", name="Add another activity").click()
    assert page.evaluate("document.activeElement.id") == "id_activities-1-title"
    page.keyboard.type("Round table with both villages")
    page.locator("#id_activities-1-kind").select_option("round_table")
    page.locator("#id_activities-1-seed_grant").fill("10000")
    page.locator("#id_activities-1-seed_grant_currency").select_option("KGS")
    assert totals(page) == ["KGS | 50,000.00 | 0.00 | 0.0%"]

    page.locator("#id_contributions-0-source").select_option("community_labour")
    page.locator("#id_contributions-0-kind").select_option("in_kind")
    page.locator("#id_contributions-0-pledged_by").fill("Mahalla committee")
    page.locator("#id_contributions-0-value_pledged").fill("12500")
    page.locator("#id_contributions-0-currency").select_option("KGS")
    assert totals(page) == ["KGS | 50,000.00 | 12,500.00 | 20.0%"]

    # A second currency gets its own line: som and somoni are never added up.
    page.get_by_role("button", name="Add another contribution").click()
    page.locator("#id_contributions-1-source").select_option("business")
    page.locator("#id_contributions-1-kind").select_option("cash")
    page.locator("#id_contributions-1-pledged_by").fill("Tool shop")
    page.locator("#id_contributions-1-value_pledged").fill("300")
    page.locator("#id_contributions-1-currency").select_option("TJS")
    assert totals(page) == [
        "KGS | 50,000.00 | 12,500.00 | 20.0%",
        "TJS | 0.00 | 300.00 | 100.0%",
    ]

    assert portal_page.scroll_width() <= PHONE["width"]
    portal_page.screenshot("plan-editor-360")
    page.locator("[data-plan-totals]").scroll_into_view_if_needed()
    portal_page.screenshot("plan-editor-totals-360", full_page=False)
    portal_page.resize(LAPTOP)
    portal_page.screenshot("plan-editor-1280")
    portal_page.resize(PHONE)

    page.get_by_role("button", name="Save draft").click()
    plan = ActionPlan.objects.get()
    page.wait_for_url(portal_page.base_url + plan.get_absolute_url())
    expect(page.get_by_role("heading", level=1)).to_have_text("Canal cleaning")
    expect(page.locator(".plan-money")).to_contain_text("20.0%")
    assert plan.activities.count() == 2 and plan.contributions.count() == 2
    assert portal_page.scroll_width() <= PHONE["width"]
    portal_page.screenshot("plan-page-360")

    page.get_by_role("link", name="Submit for review").click()
    page.get_by_label("Note for the reviewer").fill("Ready for review")
    page.get_by_role("button", name="Submit for review").click()
    page.wait_for_url(portal_page.base_url + plan.get_absolute_url())
    expect(page.locator(".alert-success")).to_contain_text("submitted to the partner")
    plan.refresh_from_db()
    assert plan.status == ActionPlan.Status.SUBMITTED
    portal_page.resize(LAPTOP)
    portal_page.screenshot("plan-page-1280")
    assert portal_page.failures == []
    assert portal_page.console_errors == []
