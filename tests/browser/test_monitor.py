"""Steps 4 and 5 in a real Chromium: record an activity's update, evaluate, close the cycle,
and read a concern's story, at phone and laptop sizes (screenshots for a person to look at)."""

import pytest
from playwright.sync_api import expect

from cycles.models import ActionPlan, Activity, Concern, CriterionResult, Cycle, MonitoringUpdate
from tests.browser.conftest import LAPTOP, PHONE
from tests.cycles.factories import (
    ActionPlanFactory,
    ActivityFactory,
    CommitmentFactory,
    ConcernFactory,
    ConcernSourceFactory,
    ConsultationFactory,
    CycleFactory,
    PriorityScoreFactory,
    SuccessCriterionFactory,
)
from tests.factories import PASSWORD, GroupFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def working_cycle(org_a, facilitator_a):
    group = GroupFactory(name="Bazar-Korgon CSWG", partner=org_a, facilitators=[facilitator_a])
    cycle = CycleFactory(group=group, number=1, step=Cycle.Step.IMPLEMENTATION)
    concern = ConcernFactory(
        cycle=cycle,
        title="Wolves at the stream where women fetch water",
        status=Concern.Status.BEING_ADDRESSED,
    )
    ConcernSourceFactory(concern=concern, who="women")
    meeting = ConsultationFactory(cycle=cycle, place="Women's council")
    concern.raised_at.add(meeting)
    CommitmentFactory(consultation=meeting, what="A patrol along the stream in the evening.")
    PriorityScoreFactory(concern=concern)
    plan = ActionPlanFactory(
        cycle=cycle, title="A safe way to the stream", status=ActionPlan.Status.IN_PROGRESS
    )
    plan.concerns.add(concern)
    SuccessCriterionFactory(plan=plan, description="Women fetch water without an escort")
    ActivityFactory(plan=plan, title="Fence along the stream")
    return cycle


def check_layout(portal_page, name: str) -> None:
    for size, label in ((PHONE, "360"), (LAPTOP, "1280")):
        portal_page.resize(size)
        portal_page.screenshot(f"{name}-{label}")
        assert portal_page.scroll_width() <= size["width"], f"{name} scrolls sideways at {label}"
    portal_page.resize(PHONE)


def test_a_facilitator_monitors_evaluates_closes_and_reads_the_story(
    portal_page, facilitator_a, working_cycle
):
    page = portal_page.page
    portal_page.sign_in("facilitator_a", PASSWORD)
    activity = Activity.objects.get()

    # Step 4: an update of the activity, with people reached and progress on the criterion.
    portal_page.goto(f"/activities/{activity.pk}/update/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Fence along the stream")
    page.locator("#id_status").select_option("done")
    page.get_by_label("What happened").fill("The fence is built; the women's council checked it.")
    page.get_by_label("Woman, Youth 18-28", exact=True).fill("12")
    page.get_by_label("Man, Adult 29-45", exact=True).fill("5")
    expect(page.locator(".headcount-total")).to_have_text("17")
    page.get_by_label("Women fetch water without an escort").fill("Most women go alone now.")
    check_layout(portal_page, "monitor-activity-form")
    page.get_by_role("button", name="Save the update").click()
    expect(page.locator(".alert-success")).to_contain_text("is recorded")
    expect(page.get_by_text("17 people reached")).to_be_visible()
    check_layout(portal_page, "monitor-activity-history")
    assert MonitoringUpdate.objects.get().status == Activity.Status.DONE

    # Move on to step 5 from the cycle page.
    portal_page.goto(f"/cycles/{working_cycle.pk}/")
    page.get_by_role("button", name="Move on to step 5").click()
    expect(page.get_by_role("link", name="Record the evaluation").first).to_be_visible()

    # Step 5: the evaluation with the criterion's result.
    portal_page.goto(f"/cycles/{working_cycle.pk}/evaluation/")
    page.get_by_label("Who took part").fill("Group members, the women's council, the ayil okmotu.")
    page.get_by_label("How safe people felt before").select_option("2")
    page.get_by_label("How safe people feel now").select_option("4")
    page.get_by_label("Lessons", exact=True).fill("Ask the women first.")
    page.get_by_label("Partly achieved").check()
    page.get_by_label("Note", exact=True).fill("Only in daylight.")
    check_layout(portal_page, "monitor-evaluation-form")
    page.get_by_role("button", name="Record the evaluation").click()
    expect(page.locator(".alert-success")).to_contain_text("The evaluation is recorded.")
    assert CriterionResult.objects.get().result == CriterionResult.Result.PARTLY

    # Close the cycle.
    portal_page.goto(f"/cycles/{working_cycle.pk}/close/")
    check_layout(portal_page, "monitor-close")
    page.get_by_role("button", name="Close the cycle").click()
    expect(page.locator(".alert-success")).to_contain_text("is closed")
    working_cycle.refresh_from_db()
    assert working_cycle.is_closed

    # The concern's story, from the consultation to the evaluation.
    portal_page.goto(f"/cycles/{working_cycle.pk}/next/")
    check_layout(portal_page, "monitor-next")
    concern = Concern.objects.get()
    portal_page.goto(f"/concerns/{concern.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(concern.title)
    expect(page.get_by_text("A patrol along the stream in the evening.")).to_be_visible()
    expect(page.get_by_text("Only in daylight.")).to_be_visible()
    check_layout(portal_page, "monitor-concern-story")

    assert portal_page.failures == []
    assert portal_page.console_errors == []
