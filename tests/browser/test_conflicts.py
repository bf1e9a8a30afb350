"""Someone else saves the plan a facilitator is editing: told what changed, nothing lost."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from cycles.models import ActionPlan, Concern
from tests.browser.conftest import PHONE
from tests.cycles.factories import ActionPlanFactory, ConcernFactory, CycleFactory
from tests.factories import PASSWORD, GroupFactory, UserFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def plan(org_a, programme_a, facilitator_a):
    group = GroupFactory(
        name="Bazar-Korgon CSWG", partner=org_a, programme=programme_a, facilitators=[facilitator_a]
    )
    cycle = CycleFactory(group=group, number=1, step=3)
    plan = ActionPlanFactory(cycle=cycle, title="Canal cleaning")
    plan.concerns.add(
        ConcernFactory(cycle=cycle, title="The canal runs dry", status=Concern.Status.PRIORITISED)
    )
    return plan


def test_a_plan_saved_meanwhile_is_not_overwritten_and_what_was_typed_stays(
    portal_page, facilitator_a, org_a, plan
):
    colleague = UserFactory(
        username="colleague_a", first_name="Zarina", last_name="Karimova", organisation=org_a
    )
    page = portal_page.page
    portal_page.sign_in("facilitator_a", PASSWORD)
    portal_page.goto(reverse("cycles:plan-edit", args=[plan.pk]))
    page.get_by_label("Objective").fill("Water reaches the lower fields all summer.")

    # Meanwhile a colleague saves the plan from another phone.
    theirs = ActionPlan.objects.get(pk=plan.pk)
    theirs.title = "Canal cleaning, 2025"
    theirs._history_user = colleague
    theirs.save()
    page.get_by_role("button", name="Save draft").click()

    alert = page.locator(".alert-danger")
    expect(alert).to_contain_text("Zarina Karimova saved this action plan after you opened it")
    expect(alert).to_contain_text(
        "Title: now “Canal cleaning, 2025”; when you opened the form “Canal cleaning”."
    )
    expect(page.get_by_label("Objective")).to_have_value(
        "Water reaches the lower fields all summer."
    )
    assert ActionPlan.objects.get(pk=plan.pk).objective == "Women can fetch water safely."
    assert portal_page.scroll_width() <= PHONE["width"]
    portal_page.screenshot("plan-conflict-360")

    # Having read what changed, they take the colleague's title and save their objective.
    page.locator("#id_title").fill("Canal cleaning, 2025")
    page.get_by_role("button", name="Save draft").click()
    page.wait_for_url(portal_page.base_url + plan.get_absolute_url())
    plan.refresh_from_db()
    assert (plan.title, plan.objective) == (
        "Canal cleaning, 2025",
        "Water reaches the lower fields all summer.",
    )
    assert portal_page.console_errors == []
