"""Moving a cycle through its steps: each move allowed or refused with what is missing."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from communities.models import AgeBand, Gender
from cycles import services
from cycles.models import ActionPlan, Activity, Concern, ConcernSource, Consultation, Cycle
from tests.cycles.factories import (
    ActionPlanFactory,
    ActivityFactory,
    ConcernFactory,
    CycleFactory,
    CycleStepChangeFactory,
    EvaluationFactory,
)

pytestmark = pytest.mark.django_db

Step = Cycle.Step


def refusal(call, *args) -> list[str]:
    with pytest.raises(ValidationError) as error:
        call(*args)
    return error.value.messages


def moves(cycle) -> list[tuple]:
    return list(cycle.step_changes.values_list("action", "from_step", "to_step", "reason"))


# Starting ------------------------------------------------------------------------------------


def test_a_new_cycle_is_numbered_after_the_groups_last_and_its_start_logged(group_a, facilitator_a):
    CycleFactory(group=group_a, number=1, step=5, closed_on=datetime.date(2014, 12, 1))

    cycle = services.start_cycle(
        group_a,
        facilitator_a,
        on=datetime.date(2015, 2, 1),
        facilitation=Cycle.Facilitation.CO_FACILITATED,
    )

    assert (cycle.number, cycle.step, cycle.closed_on) == (2, 1, None)
    change = cycle.step_changes.get()
    assert (change.action, change.from_step, change.to_step) == ("started", None, 1)
    assert change.changed_by == facilitator_a


def test_a_group_cannot_have_two_open_cycles(cycle_a, facilitator_a):
    messages = refusal(
        lambda: services.start_cycle(
            cycle_a.group,
            facilitator_a,
            on=datetime.date(2015, 1, 1),
            facilitation=Cycle.Facilitation.GROUP_LED,
        )
    )

    assert messages == [
        "Somonion CSWG already has an open cycle: close it before starting another."
    ]
    assert Cycle.objects.filter(group=cycle_a.group).count() == 1


def test_the_database_refuses_a_second_open_cycle_too(cycle_a):
    with pytest.raises(IntegrityError):
        CycleFactory(group=cycle_a.group, number=2)


# Step 1 -> 2: the context analysis -----------------------------------------------------------


def test_step_2_is_refused_while_the_context_analysis_has_gaps(group_a, facilitator_a):
    cycle = CycleFactory(group=group_a, dividers="", risks="   ")

    messages = refusal(services.advance, cycle, facilitator_a)

    assert messages == [
        "The context analysis has no dividers yet.",
        "The context analysis has no risks yet.",
    ]
    cycle.refresh_from_db()
    assert cycle.step == 1
    assert moves(cycle) == []


def test_a_written_context_analysis_moves_the_cycle_to_step_2(cycle_a, facilitator_a):
    services.advance(cycle_a, facilitator_a, "Analysis agreed at the March meeting.")

    cycle_a.refresh_from_db()
    assert cycle_a.step == 2
    assert moves(cycle_a) == [("advanced", 1, 2, "Analysis agreed at the March meeting.")]
    assert cycle_a.step_changes.get().changed_by == facilitator_a


# Step 2 -> 3: a prioritised concern ----------------------------------------------------------


def test_step_3_is_refused_without_a_prioritised_concern(group_a, facilitator_a):
    cycle = CycleFactory(group=group_a, step=2)
    ConcernFactory(cycle=cycle, status=Concern.Status.OPEN)
    ConcernFactory(cycle=cycle, status=Concern.Status.DROPPED, status_note="Out of reach.")

    messages = refusal(services.advance, cycle, facilitator_a)

    assert messages == ["No concern has been prioritised yet: the group must choose at least one."]
    cycle.refresh_from_db()
    assert cycle.step == 2


def test_a_prioritised_concern_moves_the_cycle_to_step_3(group_a, facilitator_a):
    cycle = CycleFactory(group=group_a, step=2)
    concern = ConcernFactory(cycle=cycle)
    services.prioritise([concern], facilitator_a)

    services.advance(cycle, facilitator_a)

    cycle.refresh_from_db()
    assert cycle.step == 3
    assert moves(cycle) == [("advanced", 2, 3, "")]


# Step 3 -> 4: an approved plan ---------------------------------------------------------------


@pytest.mark.parametrize("status", ["draft", "submitted", "returned"])
def test_step_4_is_refused_without_an_approved_plan(group_a, facilitator_a, status):
    cycle = CycleFactory(group=group_a, step=3)
    ActionPlanFactory(cycle=cycle, status=status)

    messages = refusal(services.advance, cycle, facilitator_a)

    assert messages == ["No action plan of this cycle has been approved yet."]


def test_an_approved_plan_moves_the_cycle_to_step_4(group_a, facilitator_a):
    cycle = CycleFactory(group=group_a, step=3)
    ActionPlanFactory(cycle=cycle, status=ActionPlan.Status.APPROVED)

    services.advance(cycle, facilitator_a)

    cycle.refresh_from_db()
    assert cycle.step == 4


# Step 4 -> 5: activities done, cancelled or explained ----------------------------------------


def test_step_5_is_refused_while_an_approved_plans_activity_is_open(group_a, facilitator_a):
    cycle = CycleFactory(group=group_a, step=4)
    plan = ActionPlanFactory(cycle=cycle, title="Safe water", status=ActionPlan.Status.IN_PROGRESS)
    ActivityFactory(plan=plan, title="Fence the stream", status=Activity.Status.IN_PROGRESS)
    ActivityFactory(plan=plan, title="Patrol", status=Activity.Status.PLANNED)
    ActivityFactory(plan=plan, title="Meeting", status=Activity.Status.DONE)

    messages = refusal(services.advance, cycle, facilitator_a)

    assert sorted(messages) == [
        "Activity “Fence the stream” of “Safe water” is in progress: mark it done or "
        "cancelled, or record why it is not done.",
        "Activity “Patrol” of “Safe water” is planned: mark it done or cancelled, or "
        "record why it is not done.",
    ]
    cycle.refresh_from_db()
    assert cycle.step == 4


def test_step_5_accepts_done_cancelled_and_explained_activities(group_a, facilitator_a):
    cycle = CycleFactory(group=group_a, step=4)
    plan = ActionPlanFactory(cycle=cycle, status=ActionPlan.Status.COMPLETED)
    ActivityFactory(plan=plan, status=Activity.Status.DONE)
    ActivityFactory(plan=plan, status=Activity.Status.CANCELLED)
    ActivityFactory(
        plan=plan,
        status=Activity.Status.IN_PROGRESS,
        not_done_reason="The road is closed until spring; it continues next cycle.",
    )
    # A plan never approved does not hold the cycle back.
    draft = ActionPlanFactory(cycle=cycle, status=ActionPlan.Status.DRAFT)
    ActivityFactory(plan=draft, status=Activity.Status.PLANNED)

    services.advance(cycle, facilitator_a)

    cycle.refresh_from_db()
    assert cycle.step == 5


def test_step_5_is_the_last_step(group_a, facilitator_a):
    cycle = CycleFactory(group=group_a, step=5)

    messages = refusal(services.advance, cycle, facilitator_a)

    assert messages == ["Step 5 is the last step: close the cycle instead."]


# Closing -------------------------------------------------------------------------------------


def test_closing_is_refused_without_an_evaluation(group_a, facilitator_a):
    cycle = CycleFactory(group=group_a, step=5)

    messages = refusal(services.close_cycle, cycle, facilitator_a, datetime.date(2014, 12, 1))

    assert messages == ["The cycle has no evaluation yet: record it before closing."]
    cycle.refresh_from_db()
    assert cycle.closed_on is None


def test_closing_before_step_5_is_refused(group_a, facilitator_a):
    cycle = CycleFactory(group=group_a, step=3)

    messages = refusal(services.close_cycle, cycle, facilitator_a, datetime.date(2014, 12, 1))

    assert messages == [
        "The cycle is at step 3; it closes from step 5.",
        "The cycle has no evaluation yet: record it before closing.",
    ]


def test_an_evaluated_cycle_closes_and_the_close_is_logged(group_a, facilitator_a):
    cycle = CycleFactory(group=group_a, step=5)
    EvaluationFactory(cycle=cycle)

    services.close_cycle(cycle, facilitator_a, datetime.date(2014, 12, 1))

    cycle.refresh_from_db()
    assert cycle.closed_on == datetime.date(2014, 12, 1)
    assert moves(cycle) == [("closed", 5, 5, "")]


def test_a_cycle_cannot_close_before_it_started(group_a, facilitator_a):
    cycle = CycleFactory(group=group_a, step=5, started_on=datetime.date(2014, 3, 1))
    EvaluationFactory(cycle=cycle)

    messages = refusal(services.close_cycle, cycle, facilitator_a, datetime.date(2014, 2, 1))

    assert messages == ["A cycle cannot close before it started (2014-03-01)."]


def test_a_closed_cycle_moves_no_more(group_a, facilitator_a):
    cycle = CycleFactory(group=group_a, step=5, closed_on=datetime.date(2014, 12, 1))

    assert refusal(services.advance, cycle, facilitator_a) == ["This cycle is closed."]
    assert refusal(services.move_back, cycle, 4, "Oops", facilitator_a) == ["This cycle is closed."]
    assert refusal(services.close_cycle, cycle, facilitator_a, datetime.date(2015, 1, 1)) == [
        "This cycle is closed."
    ]


# Moving back ---------------------------------------------------------------------------------


@pytest.mark.parametrize("reason", ["", "   ", None])
def test_moving_back_needs_a_reason(group_a, facilitator_a, reason):
    cycle = CycleFactory(group=group_a, step=3)

    messages = refusal(services.move_back, cycle, 2, reason, facilitator_a)

    assert messages == ["Give a reason for moving the cycle back."]
    cycle.refresh_from_db()
    assert cycle.step == 3
    assert moves(cycle) == []


@pytest.mark.parametrize("to_step", [3, 4, 0])
def test_moving_back_only_goes_to_an_earlier_step(group_a, facilitator_a, to_step):
    cycle = CycleFactory(group=group_a, step=3)

    messages = refusal(services.move_back, cycle, to_step, "Reason", facilitator_a)

    assert messages == ["A cycle can only move back to an earlier step; this one is at step 3."]


def test_moving_back_keeps_the_reason_in_the_log(group_a, partner_a):
    cycle = CycleFactory(group=group_a, step=4)

    services.move_back(cycle, 2, "The women's consultation was skipped; hold it first.", partner_a)

    cycle.refresh_from_db()
    assert cycle.step == 2
    assert moves(cycle) == [
        ("moved_back", 4, 2, "The women's consultation was skipped; hold it first.")
    ]
    assert cycle.step_changes.get().changed_by == partner_a


def test_the_database_refuses_a_move_back_without_a_reason(cycle_a):
    with pytest.raises(IntegrityError):
        CycleStepChangeFactory(cycle=cycle_a, action="moved_back", from_step=2, to_step=1)


def test_only_steps_2_to_5_can_be_entered(cycle_a):
    with pytest.raises(ValueError):
        services.missing_for_step(cycle_a, 6)


# A whole cycle through the services ----------------------------------------------------------


def test_a_whole_cycle_through_the_services_logs_every_move(group_a, facilitator_a, partner_a):
    on = datetime.date(2014, 3, 1)
    cycle = services.start_cycle(
        group_a,
        facilitator_a,
        on=on,
        facilitation=Cycle.Facilitation.PARTNER_LED,
        conflict_drivers="Water shortage",
        dividers="Grazing land",
        connectors="Shared market",
        actors="Elders, police inspector",
        risks="Border incidents",
    )
    services.advance(cycle, facilitator_a)
    meeting = services.record_consultation(
        group_a,
        facilitator_a,
        kind=Consultation.Kind.WOMEN,
        held_on=datetime.date(2014, 4, 2),
        cycle=cycle,
        attendance={(Gender.FEMALE, AgeBand.ADULT_29_45): 14},
    )
    wolves = services.raise_concern(
        cycle,
        facilitator_a,
        title="Wolves at the water stream",
        category=Concern.Category.NATURAL_RESOURCES,
        raised_by=[ConcernSource.Who.WOMEN],
        consultations=[meeting],
    )
    services.score_concern(
        wolves, facilitator_a, seriousness=5, people_affected=4, solvable_locally=4, consensus=5
    )
    services.prioritise([wolves], facilitator_a)
    services.advance(cycle, facilitator_a)
    plan = services.create_plan(
        cycle,
        facilitator_a,
        title="Safe water collection",
        concerns=[wolves],
        objective="Women and children fetch water safely.",
        harm_risks="Shepherds could feel blamed.",
        tension_avoidance="Shepherds join the planning.",
        criteria=[("Women fetch water alone", "Only in groups", "Alone, without fear")],
    )
    fence = services.add_activity(plan, title="Fence", kind=Activity.Kind.SMALL_WORKS)
    services.submit_plan(plan, facilitator_a)
    services.approve_plan(plan, partner_a)
    services.advance(cycle, facilitator_a)
    services.start_plan(plan, facilitator_a)
    services.record_monitoring_update(
        fence,
        facilitator_a,
        reported_on=datetime.date(2014, 6, 1),
        status=Activity.Status.DONE,
        progress="Fence built.",
    )
    services.advance(cycle, facilitator_a)
    services.record_evaluation(
        cycle,
        facilitator_a,
        held_on=datetime.date(2014, 11, 1),
        participants="Members and the women's council",
        safety_before=2,
        safety_after=4,
    )
    services.close_cycle(cycle, facilitator_a, datetime.date(2014, 11, 2))

    assert [(action, a, b) for action, a, b, _reason in moves(cycle)] == [
        ("started", None, 1),
        ("advanced", 1, 2),
        ("advanced", 2, 3),
        ("advanced", 3, 4),
        ("advanced", 4, 5),
        ("closed", 5, 5),
    ]
    wolves.refresh_from_db()
    assert wolves.status == Concern.Status.BEING_ADDRESSED
    assert cycle.history.count() == 6  # created, four steps and the close
