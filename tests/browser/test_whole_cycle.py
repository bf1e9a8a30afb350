"""The whole cycle in a real Chromium, as the people who do it: a facilitator on a phone, the
partner organisation's reviewer in the back office on a laptop.

From a women's consultation to a closed cycle: the consultation with its attendance and two
concerns, the priorities, an action plan with two activities and a local contribution, the
partner's approval, the monitoring updates, the evaluation and the close. Every page is
saved as a screenshot at 360 px and 1280 px for a person to look at.
"""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from cycles.models import (
    ActionPlan,
    Activity,
    Attendance,
    Concern,
    Consultation,
    Contribution,
    CriterionResult,
    Cycle,
    Evaluation,
    MonitoringUpdate,
)
from tests.browser.conftest import LAPTOP, PHONE, PortalPage
from tests.cycles.factories import CycleFactory
from tests.factories import PASSWORD, GroupFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def cycle(org_a, programme_a, facilitator_a, partner_a):
    group = GroupFactory(
        name="Kara-Suu CSWG", partner=org_a, programme=programme_a, facilitators=[facilitator_a]
    )
    return CycleFactory(group=group, number=1, step=Cycle.Step.PRIORITISATION)


def snapshot(portal_page: PortalPage, name: str) -> None:
    """Screenshots at both sizes; neither may scroll sideways. Ends at phone size."""
    for size, label in ((LAPTOP, "1280"), (PHONE, "360")):
        portal_page.resize(size)
        portal_page.screenshot(f"journey-{name}-{label}")
        assert portal_page.scroll_width() <= size["width"], f"{name} scrolls sideways at {label}"


def move_on(portal_page: PortalPage, cycle: Cycle, to_step: int) -> None:
    page = portal_page.page
    portal_page.goto(cycle.get_absolute_url())
    page.get_by_role("button", name=f"Move on to step {to_step}").click()
    expect(page.locator(".alert-success")).to_contain_text(f"step {to_step}")
    cycle.refresh_from_db()
    assert cycle.step == to_step


def test_a_cycle_from_the_womens_consultation_to_its_close(
    portal_page, chromium_browser, live_server, cycle
):
    page = portal_page.page
    portal_page.sign_in("facilitator_a", PASSWORD)
    snapshot(portal_page, "my-work")

    # 1. A women's consultation: attendance and two concerns, on one screen.
    portal_page.goto(cycle.get_absolute_url())
    snapshot(portal_page, "cycle-step-2")
    page.get_by_role("link", name="Log a consultation").first.click()
    page.get_by_label("Kind").select_option("womens_consultation")
    page.get_by_label("Place").fill("Kara-Suu women's council")
    page.get_by_label("Woman, Youth 18-28", exact=True).fill("9")
    page.get_by_label("Woman, Adult 29-45", exact=True).fill("11")
    page.get_by_label("Woman, 60 and over", exact=True).fill("3")
    expect(page.locator("#attendance .headcount-grid .headcount-total")).to_have_text("23")
    page.get_by_label("Uzbek", exact=True).fill("15")
    page.get_by_label("Kyrgyz", exact=True).fill("8")
    page.get_by_label("Local authority attended").check()
    page.locator("#id_concerns-0-title").fill("Girls harassed on the way to school")
    page.locator("#id_concerns-0-category").select_option("gender_violence")
    page.locator("#id_concerns-0-raised_by_0").check()
    page.locator("#id_concerns-1-title").fill("Bazaar street unlit after dark")
    page.locator("#id_concerns-1-category").select_option("infrastructure")
    page.locator("#id_concerns-1-raised_by_0").check()
    snapshot(portal_page, "consultation-form")
    page.get_by_role("button", name="Save the consultation").click()
    consultation = Consultation.objects.get()
    page.wait_for_url(portal_page.base_url + consultation.get_absolute_url())
    snapshot(portal_page, "consultation")
    assert consultation.cycle == cycle
    assert sum(Attendance.objects.values_list("count", flat=True)) == 23
    assert Concern.objects.filter(cycle=cycle).count() == 2

    # 2. Prioritise: score both concerns, mark the higher one, move on.
    harassment = Concern.objects.get(title__startswith="Girls")
    lighting = Concern.objects.get(title__startswith="Bazaar")
    portal_page.goto(reverse("cycles:priorities", args=[cycle.pk]))
    for concern, value in [(lighting, "3"), (harassment, "5")]:
        form = page.locator(f"#concern-{concern.pk} form")
        for select in form.locator("select").all():
            select.select_option(value)
        form.get_by_role("button", name="Save scores").click()
        expect(page.locator(f"#concern-{concern.pk}")).to_contain_text(
            f"Score {int(value) * 4} of 20"
        )
    expect(page.locator(".priority-item h2").first).to_have_text(harassment.title)
    snapshot(portal_page, "priorities")
    page.get_by_role("link", name="Mark priorities").click()
    page.get_by_label(harassment.title).check()
    page.get_by_role("button", name="Mark as priorities").click()
    expect(page.locator(f"#concern-{harassment.pk}")).to_contain_text("Prioritised")
    move_on(portal_page, cycle, 3)

    # 3. The action plan: two activities, a criterion, a local contribution; submit.
    page.get_by_role("link", name="Draft an action plan").first.click()
    page.locator("#id_title").fill("A safe way to school")
    page.get_by_label("Objective").fill("Girls walk to school without being harassed.")
    page.get_by_label(harassment.title).check()
    page.get_by_label("Who could be harmed or excluded").fill("Boys blamed as a group.")
    page.get_by_label("How tensions are avoided").fill("Parents of both mahallas plan it.")
    page.locator("#id_criteria-0-description").fill("Girls walking alone report no harassment")
    page.locator("#id_criteria-0-baseline").fill("Most girls walk in groups with an adult")
    page.locator("#id_criteria-0-target").fill("Girls walk alone by the spring term")
    page.locator("#id_activities-0-title").fill("Street lights on the school road")
    page.locator("#id_activities-0-kind").select_option("small_works")
    page.locator("#id_activities-0-seed_grant").fill("60000")
    page.locator("#id_activities-0-seed_grant_currency").select_option("KGS")
    page.get_by_role("button", name="Add another activity").click()
    page.keyboard.type("Parents' patrol at school time")
    page.locator("#id_activities-1-kind").select_option("round_table")
    page.locator("#id_contributions-0-source").select_option("community_labour")
    page.locator("#id_contributions-0-kind").select_option("in_kind")
    page.locator("#id_contributions-0-pledged_by").fill("Mahalla committee")
    page.locator("#id_contributions-0-value_pledged").fill("15000")
    page.locator("#id_contributions-0-currency").select_option("KGS")
    expect(page.locator("[data-plan-totals-body]")).to_contain_text("20.0%")
    snapshot(portal_page, "plan-editor")
    page.get_by_role("button", name="Save and submit for review").click()
    plan = ActionPlan.objects.get()
    page.wait_for_url(portal_page.base_url + plan.get_absolute_url())
    snapshot(portal_page, "plan-submitted")
    assert plan.status == ActionPlan.Status.SUBMITTED
    assert plan.activities.count() == 2
    assert Contribution.objects.get(plan=plan).value_pledged == 15000

    # The partner organisation's reviewer approves it in the back office, on a laptop.
    context = chromium_browser.new_context(viewport=LAPTOP, locale="en-GB")
    try:
        reviewer = PortalPage(context.new_page(), live_server.url)
        reviewer.sign_in("partner_a", PASSWORD)
        reviewer.goto(reverse("admin:cycles_actionplan_change", args=[plan.pk]))
        reviewer.screenshot("journey-admin-plan-1280")
        reviewer.page.get_by_role("link", name="Approve", exact=True).click()
        reviewer.page.get_by_role("button", name="Approve").click()
        expect(reviewer.page.locator(".messagelist")).to_contain_text("Approved")
        assert reviewer.failures == [] and reviewer.console_errors == []
    finally:
        context.close()
    plan.refresh_from_db()
    assert plan.status == ActionPlan.Status.APPROVED

    # 4. Implement and monitor: each activity is done, with the people it reached.
    move_on(portal_page, cycle, 4)
    snapshot(portal_page, "cycle-step-4")
    for activity, women in zip(plan.activities.order_by("pk"), ["40", "25"], strict=True):
        portal_page.goto(reverse("cycles:activity-update", args=[activity.pk]))
        page.locator("#id_status").select_option("done")
        page.get_by_label("What happened").fill(f"{activity.title}: done with the parents.")
        page.get_by_label("Woman, Youth 18-28", exact=True).fill(women)
        page.get_by_label("Girls walking alone report no harassment").fill("Fewer reports.")
        if activity.title.startswith("Street"):
            snapshot(portal_page, "activity-update")
        page.get_by_role("button", name="Save the update").click()
        expect(page.locator(".alert-success")).to_contain_text("is recorded")
    assert MonitoringUpdate.objects.count() == 2
    assert set(Activity.objects.values_list("status", flat=True)) == {Activity.Status.DONE}

    # 5. Evaluate and close.
    move_on(portal_page, cycle, 5)
    portal_page.goto(reverse("cycles:evaluation", args=[cycle.pk]))
    page.get_by_label("Who took part").fill("Group members, parents, the school director.")
    page.get_by_label("How safe people felt before").select_option("2")
    page.get_by_label("How safe people feel now").select_option("4")
    page.get_by_label("Lessons", exact=True).fill("Ask the girls themselves first.")
    page.get_by_label("Achieved", exact=True).check()
    snapshot(portal_page, "evaluation")
    page.get_by_role("button", name="Record the evaluation").click()
    expect(page.locator(".alert-success")).to_contain_text("The evaluation is recorded.")
    assert (Evaluation.objects.get().safety_before, Evaluation.objects.get().safety_after) == (2, 4)
    assert CriterionResult.objects.get().result == CriterionResult.Result.ACHIEVED

    portal_page.goto(reverse("cycles:cycle-close", args=[cycle.pk]))
    snapshot(portal_page, "close")
    page.get_by_role("button", name="Close the cycle").click()
    expect(page.locator(".alert-success")).to_contain_text("is closed")
    cycle.refresh_from_db()
    assert cycle.is_closed
    snapshot(portal_page, "cycle-closed")

    portal_page.goto(harassment.get_absolute_url())
    expect(page.get_by_role("heading", level=1)).to_have_text(harassment.title)
    snapshot(portal_page, "concern-story")
    assert portal_page.failures == []
    assert portal_page.console_errors == []
