"""The action-plan workflow: draft, submitted, approved or returned, in progress, completed."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from cycles import services
from cycles.models import ActionPlan, Activity, Concern, PlanEvent
from tests.cycles.factories import (
    ActionPlanFactory,
    ActivityFactory,
    ConcernFactory,
    PlanEventFactory,
    SuccessCriterionFactory,
)

pytestmark = pytest.mark.django_db

Status = ActionPlan.Status


@pytest.fixture
def plan(cycle_a):
    """A complete draft: objective, do-no-harm answers, a concern, a criterion, an activity."""
    plan = ActionPlanFactory(cycle=cycle_a, title="Safe water")
    plan.concerns.add(ConcernFactory(cycle=cycle_a, status=Concern.Status.PRIORITISED))
    SuccessCriterionFactory(plan=plan)
    ActivityFactory(plan=plan, title="Fence")
    return plan


def events(plan) -> list[tuple]:
    return list(plan.events.values_list("from_status", "to_status", "by__username", "comment"))


def refusal(call, *args) -> list[str]:
    with pytest.raises(ValidationError) as error:
        call(*args)
    return error.value.messages


def test_a_complete_draft_is_submitted(plan, facilitator_a):
    services.submit_plan(plan, facilitator_a)

    plan.refresh_from_db()
    assert plan.status == Status.SUBMITTED
    assert events(plan) == [("draft", "submitted", "facilitator_a", "")]


def test_an_incomplete_draft_is_not_submitted_and_says_what_is_missing(cycle_a, facilitator_a):
    plan = ActionPlanFactory(cycle=cycle_a, objective="", harm_risks="", tension_avoidance=" ")

    messages = refusal(services.submit_plan, plan, facilitator_a)

    assert messages == [
        "State the plan's objective.",
        "Do-no-harm check: say who could be harmed or excluded.",
        "Do-no-harm check: say how tensions will be avoided.",
        "Choose the concerns the plan addresses.",
        "Add at least one success criterion defined by the community, with its baseline.",
        "Add at least one activity.",
    ]
    plan.refresh_from_db()
    assert plan.status == Status.DRAFT
    assert events(plan) == []


def test_a_partner_approves_a_submitted_plan(plan, facilitator_a, partner_a):
    services.submit_plan(plan, facilitator_a)

    services.approve_plan(plan, partner_a, "Good, involve the shepherds early.")

    plan.refresh_from_db()
    assert plan.status == Status.APPROVED
    assert events(plan)[-1] == (
        "submitted",
        "approved",
        "partner_a",
        "Good, involve the shepherds early.",
    )


@pytest.mark.parametrize("comment", ["", "   ", None])
def test_returning_a_plan_without_a_comment_is_refused(plan, facilitator_a, partner_a, comment):
    services.submit_plan(plan, facilitator_a)

    messages = refusal(services.return_plan, plan, partner_a, comment)

    assert messages == ["Say what needs to change: returning a plan needs a comment."]
    plan.refresh_from_db()
    assert plan.status == Status.SUBMITTED


def test_a_returned_plan_keeps_the_comment_and_can_be_resubmitted(plan, facilitator_a, partner_a):
    services.submit_plan(plan, facilitator_a)
    services.return_plan(plan, partner_a, "Who pays for the fence posts?")

    plan.refresh_from_db()
    assert plan.status == Status.RETURNED
    services.submit_plan(plan, facilitator_a, "The ayil okmotu gives the posts.")
    services.approve_plan(plan, partner_a)

    plan.refresh_from_db()
    assert plan.status == Status.APPROVED
    assert events(plan) == [
        ("draft", "submitted", "facilitator_a", ""),
        ("submitted", "returned", "partner_a", "Who pays for the fence posts?"),
        ("returned", "submitted", "facilitator_a", "The ayil okmotu gives the posts."),
        ("submitted", "approved", "partner_a", ""),
    ]


@pytest.mark.parametrize(
    ("status", "call", "message"),
    [
        (
            "draft",
            services.approve_plan,
            "Only a submitted plan can be approved; this one is draft.",
        ),
        (
            "approved",
            services.approve_plan,
            "Only a submitted plan can be approved; this one is approved.",
        ),
        (
            "draft",
            services.start_plan,
            "Only an approved plan can be started; this one is draft.",
        ),
        (
            "submitted",
            services.submit_plan,
            "Only a draft or returned plan can be submitted; this one is submitted for review.",
        ),
        (
            "approved",
            services.complete_plan,
            "Only a plan in progress can be completed; this one is approved.",
        ),
    ],
)
def test_a_plan_only_moves_from_the_right_status(plan, partner_a, status, call, message):
    plan.status = status
    plan.save()

    assert refusal(call, plan, partner_a) == [message]
    plan.refresh_from_db()
    assert plan.status == status


def test_returning_is_only_for_submitted_plans(plan, partner_a):
    messages = refusal(services.return_plan, plan, partner_a, "Comment")

    assert messages == ["Only a submitted plan can be returned; this one is draft."]


def test_starting_a_plan_puts_its_prioritised_concerns_in_hand(plan, facilitator_a):
    plan.status = Status.APPROVED
    plan.save()
    concern = plan.concerns.get()

    services.start_plan(plan, facilitator_a)

    concern.refresh_from_db()
    plan.refresh_from_db()
    assert plan.status == Status.IN_PROGRESS
    assert concern.status == Concern.Status.BEING_ADDRESSED


def test_a_plan_completes_only_when_its_activities_are_finished(plan, facilitator_a):
    plan.status = Status.IN_PROGRESS
    plan.save()

    messages = refusal(services.complete_plan, plan, facilitator_a)

    assert messages == [
        "Activity “Fence” is planned: mark it done or cancelled, or record why it is not done."
    ]
    plan.activities.update(status=Activity.Status.DONE)
    services.complete_plan(plan, facilitator_a)
    plan.refresh_from_db()
    assert plan.status == Status.COMPLETED


def test_every_status_change_is_in_the_plans_simple_history_too(plan, facilitator_a, partner_a):
    services.submit_plan(plan, facilitator_a)
    services.approve_plan(plan, partner_a)

    statuses = list(plan.history.order_by("history_date").values_list("status", "history_user"))

    assert statuses[-2:] == [("submitted", facilitator_a.pk), ("approved", partner_a.pk)]


def test_the_database_refuses_a_return_without_a_comment(plan):
    with pytest.raises(IntegrityError):
        PlanEventFactory(plan=plan, from_status="submitted", to_status="returned", comment="")


def test_create_plan_drafts_with_criteria_and_logs_the_draft(cycle_a, facilitator_a):
    concern = ConcernFactory(cycle=cycle_a, status=Concern.Status.PRIORITISED)

    plan = services.create_plan(
        cycle_a,
        facilitator_a,
        title="Against domestic violence",
        concerns=[concern],
        criteria=[("Cases reported to the inspector", "2 a year", "Every case reported")],
    )

    assert plan.status == Status.DRAFT
    assert list(plan.concerns.all()) == [concern]
    assert list(plan.criteria.values_list("description", "baseline", "target")) == [
        ("Cases reported to the inspector", "2 a year", "Every case reported")
    ]
    assert PlanEvent.objects.filter(plan=plan).values_list("to_status", flat=True).get() == "draft"
