"""The cycle page, starting a cycle, the context analysis, and moving a cycle on or back."""

import datetime

import pytest
from django.urls import reverse

from cycles.models import ActionPlan, Activity, Concern, Cycle, CycleStepChange
from tests.cycles.factories import (
    ActionPlanFactory,
    ActivityFactory,
    ConcernFactory,
    CycleFactory,
    EvaluationFactory,
)
from tests.factories import GroupFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def group(org_a, facilitator_a):
    return GroupFactory(name="Bazar-Korgon CSWG", partner=org_a, facilitators=[facilitator_a])


@pytest.fixture
def signed_in(client, facilitator_a):
    client.force_login(facilitator_a)
    return client


def url(name: str, obj) -> str:
    return reverse(f"cycles:{name}", args=[obj.pk])


# The page ----------------------------------------------------------------------------------


def test_the_stepper_shows_done_current_and_ahead(signed_in, group):
    cycle = CycleFactory(group=group, number=1, step=Cycle.Step.PLANNING)

    response = signed_in.get(url("cycle-detail", cycle))

    states = [step.state for step in response.context["steps"]]
    assert states == ["done", "done", "current", "ahead", "ahead"]
    assert 'aria-current="step"' in response.text
    assert "Bazar-Korgon CSWG, cycle 1" in response.text


def test_it_says_what_is_missing_and_offers_the_next_action(signed_in, group):
    cycle = CycleFactory(group=group, step=Cycle.Step.PLANNING)

    response = signed_in.get(url("cycle-detail", cycle))

    assert response.context["missing"] == ["No action plan of this cycle has been approved yet."]
    action = response.context["next_action"]
    assert (action.label, action.url) == ("Draft an action plan", url("plan-add", cycle))


def test_a_returned_plan_is_the_next_thing_to_work_on(signed_in, group):
    cycle = CycleFactory(group=group, step=Cycle.Step.PLANNING)
    plan = ActionPlanFactory(cycle=cycle, title="Street lights", status=ActionPlan.Status.RETURNED)

    action = signed_in.get(url("cycle-detail", cycle)).context["next_action"]

    assert (action.label, action.url) == (
        "Finish and submit “Street lights”",
        url("plan-detail", plan),
    )


def test_a_submitted_plan_leaves_the_group_waiting(signed_in, group):
    cycle = CycleFactory(group=group, step=Cycle.Step.PLANNING)
    ActionPlanFactory(cycle=cycle, status=ActionPlan.Status.SUBMITTED)

    response = signed_in.get(url("cycle-detail", cycle))

    assert response.context["next_action"] is None
    assert "with the partner organisation for review" in response.text


def test_a_ready_cycle_offers_to_move_on_with_a_post_button(signed_in, group):
    cycle = CycleFactory(group=group, step=Cycle.Step.PRIORITISATION)
    ConcernFactory(cycle=cycle, status=Concern.Status.PRIORITISED)

    response = signed_in.get(url("cycle-detail", cycle))

    action = response.context["next_action"]
    assert (action.label, action.advance) == ("Move on to step 3", True)
    assert f'<form method="post" action="{url("cycle-advance", cycle)}">' in response.text


def test_an_unfinished_activity_is_the_next_action_at_step_4(signed_in, group):
    cycle = CycleFactory(group=group, step=Cycle.Step.IMPLEMENTATION)
    plan = ActionPlanFactory(cycle=cycle, status=ActionPlan.Status.APPROVED)
    ActivityFactory(plan=plan, title="Done already", status=Activity.Status.DONE)
    activity = ActivityFactory(
        plan=plan, title="Street lights", planned_end=datetime.date(2025, 5, 1)
    )

    response = signed_in.get(url("cycle-detail", cycle))

    action = response.context["next_action"]
    assert (action.label, action.url) == (
        "Update “Street lights”",
        url("activity-update", activity),
    )
    assert "1 of 2 activities of approved plans finished." in response.text


def test_step_5_asks_for_the_evaluation_then_the_closing(signed_in, group):
    cycle = CycleFactory(group=group, step=Cycle.Step.EVALUATION)

    first = signed_in.get(url("cycle-detail", cycle)).context["next_action"]
    EvaluationFactory(cycle=cycle)
    second = signed_in.get(url("cycle-detail", cycle)).context["next_action"]

    assert first.url == url("evaluation", cycle)
    assert second.url == url("cycle-close", cycle)


def test_a_closed_cycle_offers_the_next_cycle(signed_in, group):
    cycle = CycleFactory(group=group, step=5, closed_on=datetime.date(2015, 3, 1))
    EvaluationFactory(cycle=cycle)

    response = signed_in.get(url("cycle-detail", cycle))

    assert [step.state for step in response.context["steps"]] == ["done"] * 5
    assert response.context["next_action"].url == url("cycle-next", cycle)
    assert "Closed" in response.text


def test_its_queries_do_not_grow_with_plans_and_activities(
    signed_in, group, django_assert_max_num_queries
):
    cycle = CycleFactory(group=group, step=Cycle.Step.IMPLEMENTATION)

    def count() -> int:
        with django_assert_max_num_queries(25) as captured:
            assert signed_in.get(url("cycle-detail", cycle)).status_code == 200
        return len(captured.captured_queries)

    ActivityFactory(plan=ActionPlanFactory(cycle=cycle, status=ActionPlan.Status.APPROVED))
    with_one = count()
    for _n in range(8):
        plan = ActionPlanFactory(cycle=cycle, status=ActionPlan.Status.APPROVED)
        ActivityFactory.create_batch(3, plan=plan)

    assert count() == with_one


# Starting a cycle --------------------------------------------------------------------------


def test_it_starts_the_groups_first_cycle(signed_in, group, facilitator_a):
    response = signed_in.post(
        reverse("cycles:cycle-start", args=[group.pk]),
        {"started_on": "2025-02-01", "facilitation": "co_facilitated"},
    )

    cycle = Cycle.objects.get(group=group)
    assert response["Location"] == url("cycle-detail", cycle)
    assert (cycle.number, cycle.step, cycle.started_on, cycle.facilitation) == (
        1,
        1,
        datetime.date(2025, 2, 1),
        "co_facilitated",
    )
    assert cycle.step_changes.get().changed_by == facilitator_a


def test_it_refuses_a_start_in_the_future_beside_the_field(signed_in, group):
    tomorrow = datetime.date.today() + datetime.timedelta(days=1)

    response = signed_in.post(
        reverse("cycles:cycle-start", args=[group.pk]),
        {"started_on": tomorrow.isoformat(), "facilitation": "partner_led"},
    )

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "started_on": ["A cycle cannot start in the future."]
    }
    assert tomorrow.isoformat() in response.text
    assert not Cycle.objects.exists()


def test_it_refuses_a_second_open_cycle(signed_in, group):
    open_cycle = CycleFactory(group=group)

    page = signed_in.get(reverse("cycles:cycle-start", args=[group.pk]))
    response = signed_in.post(
        reverse("cycles:cycle-start", args=[group.pk]),
        {"started_on": "2025-02-01", "facilitation": "partner_led"},
    )

    assert "is still open" in page.text
    assert "<form" not in page.text.split("<main", 1)[1].split("</main>")[0]
    assert response["Location"] == url("cycle-detail", open_cycle)
    assert Cycle.objects.count() == 1


def test_another_organisations_group_is_not_found(client, facilitator_b, group):
    client.force_login(facilitator_b)

    response = client.post(
        reverse("cycles:cycle-start", args=[group.pk]),
        {"started_on": "2025-02-01", "facilitation": "partner_led"},
    )

    assert response.status_code == 404
    assert not Cycle.objects.exists()


def test_a_donor_may_not_start_a_cycle(client, donor_a, group):
    client.force_login(donor_a)

    response = client.post(
        reverse("cycles:cycle-start", args=[group.pk]),
        {"started_on": "2025-02-01", "facilitation": "partner_led"},
    )

    assert response.status_code == 403
    assert not Cycle.objects.exists()


# The context analysis ----------------------------------------------------------------------


CONTEXT = {
    "conflict_drivers": "Water for the fields in July.",
    "dividers": "Two schools, two languages.",
    "connectors": "The bazaar.",
    "actors": "Elders, the inspector, the ayil okmotu.",
    "risks": "Rumours after fights.",
}


def test_it_saves_the_context_analysis(signed_in, group):
    cycle = CycleFactory(group=group, **dict.fromkeys(CONTEXT, ""))

    response = signed_in.post(
        url("cycle-context", cycle), {**CONTEXT, "risks": "  Rumours after fights. "}
    )

    cycle.refresh_from_db()
    assert response["Location"] == url("cycle-detail", cycle)
    assert {name: getattr(cycle, name) for name in CONTEXT} == CONTEXT
    assert cycle.history.latest().history_user.username == "facilitator_a"


def test_a_closed_cycles_analysis_is_read_only(signed_in, group):
    cycle = CycleFactory(group=group, step=5, closed_on=datetime.date(2015, 3, 1))

    page = signed_in.get(url("cycle-context", cycle))
    signed_in.post(url("cycle-context", cycle), {**CONTEXT, "risks": "Changed later"})

    cycle.refresh_from_db()
    assert "<textarea" not in page.text
    assert cycle.risks == "Rumours after a fight between young men can spread fast."


# Moving on and back -------------------------------------------------------------------------


def test_it_moves_a_ready_cycle_on_with_the_note(signed_in, group):
    cycle = CycleFactory(group=group, step=Cycle.Step.PREPARATION)

    response = signed_in.post(url("cycle-advance", cycle), {"reason": "Trained in May."})

    cycle.refresh_from_db()
    assert response["Location"] == url("cycle-detail", cycle)
    assert cycle.step == 2
    change = cycle.step_changes.get(action=CycleStepChange.Action.ADVANCED)
    assert (change.from_step, change.to_step, change.reason) == (1, 2, "Trained in May.")


def test_it_refuses_to_move_on_and_says_why(signed_in, group):
    cycle = CycleFactory(group=group, step=Cycle.Step.PRIORITISATION)

    page = signed_in.get(url("cycle-advance", cycle))
    response = signed_in.post(url("cycle-advance", cycle), {"reason": ""})

    cycle.refresh_from_db()
    assert cycle.step == 2
    message = "No concern has been prioritised yet: the group must choose at least one."
    assert message in page.text
    assert message in response.text
    assert not cycle.step_changes.filter(action=CycleStepChange.Action.ADVANCED).exists()


def test_it_moves_a_cycle_back_with_a_reason(signed_in, group):
    cycle = CycleFactory(group=group, step=Cycle.Step.PLANNING)

    response = signed_in.post(
        url("cycle-back", cycle), {"to_step": "2", "reason": "The youth were not consulted."}
    )

    cycle.refresh_from_db()
    assert response["Location"] == url("cycle-detail", cycle)
    assert cycle.step == 2
    assert cycle.step_changes.get(action="moved_back").reason == "The youth were not consulted."


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"to_step": "2", "reason": ""}, "reason"),
        ({"to_step": "4", "reason": "Why not"}, "to_step"),
    ],
)
def test_moving_back_needs_a_reason_and_an_earlier_step(signed_in, group, data, field):
    cycle = CycleFactory(group=group, step=Cycle.Step.PLANNING)

    response = signed_in.post(url("cycle-back", cycle), data)

    cycle.refresh_from_db()
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert 'class="invalid-feedback' in response.text
    assert cycle.step == 3


def test_get_of_the_moves_changes_nothing(signed_in, group):
    cycle = CycleFactory(group=group, step=Cycle.Step.PREPARATION)

    signed_in.get(url("cycle-advance", cycle))
    signed_in.get(url("cycle-back", cycle))

    cycle.refresh_from_db()
    assert cycle.step == 1
    assert not cycle.step_changes.exists()
