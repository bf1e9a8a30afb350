"""Steps 4-5 pages: an activity's monitoring update, the evaluation, closing the cycle,
starting the next one, and a concern's story across cycles."""

import datetime

import pytest
from django.urls import reverse

from communities.models import AgeBand, Gender
from cycles.models import (
    ActionPlan,
    Activity,
    ActivityReach,
    Commitment,
    Concern,
    CriterionProgress,
    CriterionResult,
    Cycle,
    CycleStepChange,
    Evaluation,
    MonitoringReach,
    MonitoringUpdate,
    PriorityScore,
    SensitiveConcernRead,
)
from cycles.selectors import concern_chain
from tests.cycles.factories import (
    ActionPlanFactory,
    ActivityFactory,
    ActivityReachFactory,
    CommitmentFactory,
    ConcernFactory,
    ConcernSourceFactory,
    ConsultationFactory,
    CriterionProgressFactory,
    CriterionResultFactory,
    CycleFactory,
    EvaluationFactory,
    MonitoringReachFactory,
    MonitoringUpdateFactory,
    PriorityScoreFactory,
    SuccessCriterionFactory,
)
from tests.editing import opened

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in(client, facilitator_a):
    client.force_login(facilitator_a)
    return client


@pytest.fixture
def plan(group_a):
    cycle = CycleFactory(group=group_a, number=1, step=Cycle.Step.IMPLEMENTATION)
    return ActionPlanFactory(cycle=cycle, title="Safe stream", status=ActionPlan.Status.IN_PROGRESS)


@pytest.fixture
def activity(plan):
    return ActivityFactory(plan=plan, title="Fence along the stream")


@pytest.fixture
def criteria(plan):
    return [
        SuccessCriterionFactory(plan=plan, description="Women fetch water alone"),
        SuccessCriterionFactory(plan=plan, description="No wolf sighting"),
    ]


def url(name: str, obj) -> str:
    return reverse(f"cycles:{name}", args=[obj.pk])


def update_data(activity, **changes) -> dict:
    """The update form as posted from the page of `activity`, opened as it is now."""
    data = {
        **opened(activity),
        "reported_on": "2014-05-20",
        "status": Activity.Status.IN_PROGRESS,
        "progress": "Half of the fence stands.",
        "evidence": "Photos with the women's council.",
        "not_done_reason": "",
        "actual_start": "",
        "actual_end": "",
    }
    data.update(changes)
    return data


# Activity update ---------------------------------------------------------------------------


def test_an_update_stores_reach_criteria_progress_and_the_activity_status(
    signed_in, activity, criteria, facilitator_a
):
    ActivityReachFactory(activity=activity, gender=Gender.FEMALE, age_band=AgeBand.YOUTH_18_28)
    first, second = criteria

    response = signed_in.post(
        url("activity-update", activity),
        update_data(
            activity,
            **{
                "reach-female_18_28": "7",
                "reach-male_60plus": "3",
                f"criterion_{first.pk}": "Two women went alone last week.",
                f"criterion_{second.pk}": "",
            },
        ),
    )

    assert response.status_code == 302
    update = MonitoringUpdate.objects.get()
    assert (update.reported_on, update.status, update.progress, update.reported_by) == (
        datetime.date(2014, 5, 20),
        Activity.Status.IN_PROGRESS,
        "Half of the fence stands.",
        facilitator_a,
    )
    assert set(MonitoringReach.objects.values_list("gender", "age_band", "count")) == {
        (Gender.FEMALE, AgeBand.YOUTH_18_28, 7),
        (Gender.MALE, AgeBand.ELDER, 3),
    }
    assert set(
        ActivityReach.objects.filter(activity=activity).values_list("gender", "age_band", "count")
    ) == {(Gender.FEMALE, AgeBand.YOUTH_18_28, 27), (Gender.MALE, AgeBand.ELDER, 3)}
    assert list(CriterionProgress.objects.values_list("criterion", "progress")) == [
        (first.pk, "Two women went alone last week.")
    ]
    activity.refresh_from_db()
    assert (activity.status, activity.actual_start) == (
        Activity.Status.IN_PROGRESS,
        datetime.date(2014, 5, 20),
    )
    followed = signed_in.get(response.url)
    assert "The update of “Fence along the stream” is recorded." in followed.text
    assert "Two women went alone last week." in followed.text


def test_typed_actual_dates_win_over_the_date_of_the_update(signed_in, activity):
    signed_in.post(
        url("activity-update", activity),
        update_data(
            activity,
            status=Activity.Status.DONE,
            reported_on="2014-06-02",
            actual_start="2014-05-03",
            actual_end="2014-05-28",
        ),
    )

    activity.refresh_from_db()
    assert (activity.status, activity.actual_start, activity.actual_end) == (
        Activity.Status.DONE,
        datetime.date(2014, 5, 3),
        datetime.date(2014, 5, 28),
    )


def test_an_end_before_the_guessed_start_undoes_the_whole_update(signed_in, activity):
    response = signed_in.post(
        url("activity-update", activity),
        update_data(
            activity, status=Activity.Status.DONE, reported_on="2014-06-02", actual_end="2014-05-01"
        ),
    )

    assert response.context["form"].errors["actual_end"] == [
        "The actual end cannot be before the actual start."
    ]
    assert not MonitoringUpdate.objects.exists()
    activity.refresh_from_db()
    assert (activity.status, activity.actual_start, activity.actual_end) == (
        Activity.Status.PLANNED,
        None,
        None,
    )


def test_a_reason_lets_an_unfinished_activity_stay_open(signed_in, activity):
    signed_in.post(
        url("activity-update", activity),
        update_data(activity, not_done_reason="The ayil okmotu postponed the works to spring."),
    )

    activity.refresh_from_db()
    assert activity.not_done_reason == "The ayil okmotu postponed the works to spring."
    assert not Activity.objects.unfinished().filter(pk=activity.pk).exists()


def test_a_bad_update_stores_nothing_and_keeps_what_was_typed(signed_in, activity, criteria):
    ActivityReachFactory(activity=activity, count=20)

    response = signed_in.post(
        url("activity-update", activity),
        update_data(
            activity,
            status=Activity.Status.CANCELLED,
            progress="The works stopped.",
            actual_start="2014-05-10",
            actual_end="2014-05-01",
            **{
                "reach-female_18_28": "99999999",
                "reach-male_29_45": "4",
                f"criterion_{criteria[0].pk}": "Nothing yet, wait for spring.",
            },
        ),
    )

    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["not_done_reason"] == ["Say why the activity is cancelled."]
    assert form.errors["actual_end"] == ["The actual end cannot be before the actual start."]
    assert response.context["reach"].errors["female_18_28"]
    assert "The works stopped." in response.text
    assert 'value="4"' in response.text
    assert "Nothing yet, wait for spring." in response.text
    assert not MonitoringUpdate.objects.exists()
    assert list(ActivityReach.objects.values_list("count", flat=True)) == [20]
    activity.refresh_from_db()
    assert activity.status == Activity.Status.PLANNED


def test_a_date_in_the_future_is_refused(signed_in, activity):
    tomorrow = datetime.date.today() + datetime.timedelta(days=2)

    response = signed_in.post(
        url("activity-update", activity), update_data(activity, reported_on=tomorrow.isoformat())
    )

    assert response.context["form"].errors["reported_on"] == ["The date cannot be in the future."]
    assert not MonitoringUpdate.objects.exists()


def test_a_closed_cycle_shows_the_history_without_a_form(signed_in, activity):
    MonitoringUpdateFactory(activity=activity, progress="Fence finished before winter.")
    Cycle.objects.filter(pk=activity.plan.cycle_id).update(
        step=Cycle.Step.EVALUATION, closed_on=datetime.date(2014, 12, 1)
    )

    response = signed_in.post(url("activity-update", activity), update_data(activity))

    assert MonitoringUpdate.objects.count() == 1
    assert "Fence finished before winter." in response.text
    assert "its activities can no longer be updated" in response.text
    assert 'name="progress"' not in response.text


def test_another_organisations_facilitator_gets_404_and_changes_nothing(
    client, facilitator_b, activity
):
    client.force_login(facilitator_b)

    response = client.post(url("activity-update", activity), update_data(activity))

    assert response.status_code == 404
    assert not MonitoringUpdate.objects.exists()


def test_donors_are_refused(client, donor_a, activity):
    client.force_login(donor_a)

    assert client.get(url("activity-update", activity)).status_code == 403


@pytest.mark.parametrize("updates", [2, 6])
def test_the_activity_page_has_a_query_budget(
    signed_in, activity, criteria, updates, django_assert_max_num_queries
):
    for day in range(updates):
        update = MonitoringUpdateFactory(
            activity=activity, reported_on=datetime.date(2014, 5, 1 + day)
        )
        MonitoringReachFactory(update=update)
        CriterionProgressFactory(update=update, criterion=criteria[day % 2])

    with django_assert_max_num_queries(8):
        response = signed_in.get(url("activity-update", activity))

    assert len(response.context["updates"]) == updates


# Evaluation --------------------------------------------------------------------------------


@pytest.fixture
def step5_cycle(group_a):
    return CycleFactory(group=group_a, number=1, step=Cycle.Step.EVALUATION)


@pytest.fixture
def evaluated_criteria(step5_cycle):
    plan = ActionPlanFactory(cycle=step5_cycle, status=ActionPlan.Status.COMPLETED)
    return [
        SuccessCriterionFactory(plan=plan, description="Women fetch water alone"),
        SuccessCriterionFactory(plan=plan, description="No wolf sighting"),
    ]


def evaluation_data(criteria, **changes) -> dict:
    data = {
        "held_on": "2014-11-15",
        "participants": "Group members, the women's council, the ayil okmotu head.",
        "safety_before": "2",
        "safety_after": "4",
        "what_worked": "Working with the shepherds.",
        "lessons": "Ask the women first.",
        "improvements": "Invite the border service earlier.",
    }
    for criterion, result in zip(criteria, ("achieved", "partly"), strict=False):
        data[f"result_{criterion.pk}"] = result
        data[f"note_{criterion.pk}"] = f"Note on {criterion.description}"
    data.update(changes)
    return data


def test_an_evaluation_is_recorded_with_each_criterion_result(
    signed_in, step5_cycle, evaluated_criteria
):
    first, second = evaluated_criteria

    response = signed_in.post(url("evaluation", step5_cycle), evaluation_data(evaluated_criteria))

    assert response.status_code == 302
    assert response.url == url("cycle-detail", step5_cycle)
    evaluation = Evaluation.objects.get(cycle=step5_cycle)
    assert (evaluation.held_on, evaluation.safety_before, evaluation.safety_after) == (
        datetime.date(2014, 11, 15),
        2,
        4,
    )
    assert evaluation.lessons == "Ask the women first."
    assert set(CriterionResult.objects.values_list("criterion", "result", "note")) == {
        (first.pk, "achieved", "Note on Women fetch water alone"),
        (second.pk, "partly", "Note on No wolf sighting"),
    }


def test_an_evaluation_can_be_corrected_while_the_cycle_is_open(
    signed_in, step5_cycle, evaluated_criteria
):
    first, second = evaluated_criteria
    evaluation = EvaluationFactory(cycle=step5_cycle)
    CriterionResultFactory(evaluation=evaluation, criterion=first, result="not_achieved")

    page = signed_in.get(url("evaluation", step5_cycle))
    assert page.context["form"][f"result_{first.pk}"].value() == "not_achieved"

    signed_in.post(
        url("evaluation", step5_cycle),
        evaluation_data(evaluated_criteria, safety_after="5", lessons="Start earlier.")
        | opened(evaluation),
    )

    evaluation.refresh_from_db()
    assert (evaluation.safety_after, evaluation.lessons) == (5, "Start earlier.")
    assert set(CriterionResult.objects.values_list("criterion", "result")) == {
        (first.pk, "achieved"),
        (second.pk, "partly"),
    }


def test_a_bad_evaluation_stores_nothing_and_keeps_what_was_typed(
    signed_in, step5_cycle, evaluated_criteria
):
    first, _second = evaluated_criteria
    data = evaluation_data(evaluated_criteria, participants="", held_on="2013-01-01")
    del data[f"result_{first.pk}"]

    response = signed_in.post(url("evaluation", step5_cycle), data)

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["participants"] == ["This field is required."]
    assert errors[f"result_{first.pk}"] == ["This field is required."]
    assert errors["held_on"] == ["The evaluation cannot predate the cycle."]
    assert "Ask the women first." in response.text
    assert not Evaluation.objects.exists()
    assert not CriterionResult.objects.exists()


def test_before_step_5_there_is_no_evaluation_form(signed_in, plan):
    response = signed_in.post(url("evaluation", plan.cycle), evaluation_data([]))

    assert response.status_code == 200
    assert "A cycle is evaluated at step 5; this one is at step 4." in response.text
    assert not Evaluation.objects.exists()


def test_a_closed_cycle_shows_its_evaluation_read_only(signed_in, step5_cycle, evaluated_criteria):
    evaluation = EvaluationFactory(cycle=step5_cycle, lessons="Listen to the shepherds.")
    CriterionResultFactory(
        evaluation=evaluation, criterion=evaluated_criteria[0], note="Every day since July."
    )
    Cycle.objects.filter(pk=step5_cycle.pk).update(closed_on=datetime.date(2014, 12, 1))

    response = signed_in.post(
        url("evaluation", step5_cycle), evaluation_data(evaluated_criteria, lessons="Changed")
    )

    assert response.status_code == 200
    assert "Listen to the shepherds." in response.text
    assert "Achieved: Every day since July." in response.text
    assert 'name="lessons"' not in response.text
    evaluation.refresh_from_db()
    assert evaluation.lessons == "Listen to the shepherds."


def test_the_evaluation_is_out_of_reach_of_another_organisation(
    client, facilitator_b, step5_cycle, evaluated_criteria
):
    client.force_login(facilitator_b)

    response = client.post(url("evaluation", step5_cycle), evaluation_data(evaluated_criteria))

    assert response.status_code == 404
    assert not Evaluation.objects.exists()


def test_the_evaluation_page_has_a_query_budget(
    signed_in, step5_cycle, django_assert_max_num_queries
):
    evaluation = EvaluationFactory(cycle=step5_cycle)
    for _ in range(2):
        plan = ActionPlanFactory(cycle=step5_cycle, status=ActionPlan.Status.COMPLETED)
        for _ in range(3):
            CriterionResultFactory(
                evaluation=evaluation, criterion=SuccessCriterionFactory(plan=plan)
            )

    with django_assert_max_num_queries(8):
        response = signed_in.get(url("evaluation", step5_cycle))

    assert len(response.context["form"].criteria) == 6


# Closing the cycle -------------------------------------------------------------------------


def test_closing_is_refused_with_what_is_missing(signed_in, plan):
    cycle = plan.cycle

    page = signed_in.get(url("cycle-close", cycle))
    response = signed_in.post(url("cycle-close", cycle), {"closed_on": "2014-12-01"})

    for text in (page.text, response.text):
        assert "The cycle is at step 4; it closes from step 5." in text
        assert "The cycle has no evaluation yet: record it before closing." in text
    cycle.refresh_from_db()
    assert cycle.closed_on is None


def test_a_cycle_closes_after_its_evaluation(signed_in, step5_cycle, facilitator_a):
    EvaluationFactory(cycle=step5_cycle)

    response = signed_in.post(url("cycle-close", step5_cycle), {"closed_on": "2014-12-01"})

    assert response.status_code == 302
    step5_cycle.refresh_from_db()
    assert step5_cycle.closed_on == datetime.date(2014, 12, 1)
    change = CycleStepChange.objects.get(cycle=step5_cycle, action=CycleStepChange.Action.CLOSED)
    assert change.changed_by == facilitator_a


def test_a_closing_date_before_the_start_is_refused(signed_in, step5_cycle):
    EvaluationFactory(cycle=step5_cycle)

    response = signed_in.post(url("cycle-close", step5_cycle), {"closed_on": "2013-12-01"})

    assert "A cycle cannot close before it started" in response.text
    assert response.context["form"]["closed_on"].value() == "2013-12-01"
    step5_cycle.refresh_from_db()
    assert step5_cycle.closed_on is None


def test_another_organisation_cannot_close_the_cycle(client, facilitator_b, step5_cycle):
    EvaluationFactory(cycle=step5_cycle)
    client.force_login(facilitator_b)

    response = client.post(url("cycle-close", step5_cycle), {"closed_on": "2014-12-01"})

    assert response.status_code == 404
    step5_cycle.refresh_from_db()
    assert step5_cycle.closed_on is None


# The next cycle ----------------------------------------------------------------------------


@pytest.fixture
def closed_cycle(group_a):
    cycle = CycleFactory(
        group=group_a, number=1, step=Cycle.Step.EVALUATION, closed_on=datetime.date(2014, 12, 1)
    )
    EvaluationFactory(cycle=cycle)
    return cycle


def test_the_next_cycle_carries_the_chosen_concerns(signed_in, closed_cycle, group_a):
    water = ConcernFactory(cycle=closed_cycle, title="Water", status=Concern.Status.PRIORITISED)
    ConcernSourceFactory(concern=water)
    road = ConcernFactory(cycle=closed_cycle, title="Road", status=Concern.Status.OPEN)
    lights = ConcernFactory(cycle=closed_cycle, title="Lights", status=Concern.Status.OPEN)
    ConcernFactory(cycle=closed_cycle, title="Done", status=Concern.Status.RESOLVED)

    page = signed_in.get(url("cycle-next", closed_cycle))
    assert [choice.data["label"] for choice in page.context["form"]["carry"]] == [
        "Lights (Open)",
        "Road (Open)",
        "Water (Prioritised)",
    ]
    response = signed_in.post(
        url("cycle-next", closed_cycle),
        {
            "started_on": "2015-01-10",
            "facilitation": Cycle.Facilitation.PARTNER_LED,
            "carry": [water.pk, road.pk],
        },
    )

    new = Cycle.objects.get(previous=closed_cycle)
    assert response.url == url("cycle-detail", new)
    assert (new.number, new.started_on) == (2, datetime.date(2015, 1, 10))
    assert set(new.concerns.values_list("title", "carried_from", "status")) == {
        ("Water", water.pk, Concern.Status.OPEN),
        ("Road", road.pk, Concern.Status.OPEN),
    }
    assert new.concerns.get(title="Water").raised_by.count() == 1
    lights.refresh_from_db()
    assert (lights.status, lights.status_note) == (
        Concern.Status.DROPPED,
        "Not carried over to cycle 2.",
    )
    water.refresh_from_db()
    assert water.status == Concern.Status.CARRIED_OVER


@pytest.mark.parametrize("concerns", [2, 6])
def test_the_next_cycle_page_has_a_query_budget(
    signed_in, closed_cycle, concerns, django_assert_max_num_queries
):
    for number in range(concerns):
        ConcernSourceFactory(concern=ConcernFactory(cycle=closed_cycle, title=f"Concern {number}"))

    with django_assert_max_num_queries(8):
        response = signed_in.get(url("cycle-next", closed_cycle))

    assert len(response.context["form"]["carry"]) == concerns


def test_a_concern_of_another_group_cannot_be_carried(signed_in, closed_cycle, cycle_b):
    foreign = ConcernFactory(cycle=cycle_b, title="Theirs")

    response = signed_in.post(
        url("cycle-next", closed_cycle),
        {"started_on": "2015-01-10", "facilitation": "partner_led", "carry": [foreign.pk]},
    )

    assert response.status_code == 200
    assert response.context["form"].errors["carry"]
    assert not Cycle.objects.filter(previous=closed_cycle).exists()


def test_an_open_cycle_has_no_next_cycle_yet(signed_in, step5_cycle):
    response = signed_in.post(
        url("cycle-next", step5_cycle), {"started_on": "2015-01-10", "facilitation": "partner_led"}
    )

    assert "Close this cycle before starting the next one." in response.text
    assert not Cycle.objects.filter(previous=step5_cycle).exists()


def test_a_next_cycle_cannot_start_before_the_last_closed(signed_in, closed_cycle):
    response = signed_in.post(
        url("cycle-next", closed_cycle), {"started_on": "2014-11-01", "facilitation": "group_led"}
    )

    assert "The next cycle cannot start before this one closed" in response.text
    assert not Cycle.objects.filter(previous=closed_cycle).exists()


def test_another_organisation_cannot_start_the_next_cycle(client, facilitator_b, closed_cycle):
    client.force_login(facilitator_b)

    response = client.post(
        url("cycle-next", closed_cycle), {"started_on": "2015-01-10", "facilitation": "group_led"}
    )

    assert response.status_code == 404
    assert not Cycle.objects.filter(previous=closed_cycle).exists()


# A concern's story -------------------------------------------------------------------------


def build_story(group, activities_per_plan: int = 1) -> list[Concern]:
    """A concern raised in cycle 1, addressed and evaluated in cycle 2, still open in cycle 3."""
    cycles = [
        CycleFactory(
            group=group,
            number=number,
            step=Cycle.Step.EVALUATION,
            closed_on=datetime.date(2014 + number, 12, 1),
            started_on=datetime.date(2014 + number, 1, 1),
        )
        for number in (1, 2)
    ]
    cycles.append(CycleFactory(group=group, number=3, step=2, started_on=datetime.date(2017, 1, 1)))
    chain = []
    for cycle in cycles:
        concern = ConcernFactory(
            cycle=cycle,
            title="Wolves at the stream",
            description="Women are afraid to fetch water.",
            carried_from=chain[-1] if chain else None,
            status=Concern.Status.CARRIED_OVER if cycle.number < 3 else Concern.Status.OPEN,
        )
        ConcernSourceFactory(concern=concern, who="women")
        chain.append(concern)
    meeting = ConsultationFactory(
        cycle=cycles[0], place="Women's council", held_on=datetime.date(2015, 2, 1)
    )
    chain[0].raised_at.add(meeting)
    CommitmentFactory(consultation=meeting, made_by="Ayil okmotu head", what="Pay for a fence")
    PriorityScoreFactory(concern=chain[0], seriousness=5)
    PriorityScoreFactory(concern=chain[0], perspective=PriorityScore.Perspective.WOMEN)
    plan = ActionPlanFactory(
        cycle=cycles[1], title="Fence the stream", status=ActionPlan.Status.COMPLETED
    )
    plan.concerns.add(chain[1])
    criterion = SuccessCriterionFactory(plan=plan, description="Women fetch water alone")
    evaluation = EvaluationFactory(cycle=cycles[1], held_on=datetime.date(2016, 11, 1))
    CriterionResultFactory(
        evaluation=evaluation, criterion=criterion, result="partly", note="Only in daylight"
    )
    for number in range(activities_per_plan):
        activity = ActivityFactory(plan=plan, title=f"Build fence part {number}")
        update = MonitoringUpdateFactory(activity=activity, progress=f"Posts set, part {number}")
        MonitoringReachFactory(update=update, count=12)
    return chain


def test_the_chain_is_found_from_any_of_its_concerns(group_a):
    chain = build_story(group_a)
    ConcernFactory(cycle=chain[0].cycle, title="Unrelated")

    for concern in chain:
        assert concern_chain(Concern.objects.select_related("cycle").get(pk=concern.pk)) == [
            item.pk for item in chain
        ]


def test_a_concerns_story_runs_across_its_cycles(signed_in, group_a):
    chain = build_story(group_a)

    response = signed_in.get(url("concern-detail", chain[1]))

    assert response.status_code == 200
    chapters = response.context["chapters"]
    assert [chapter.cycle.number for chapter in chapters] == [1, 2, 3]
    text = response.text
    assert text.index("Women&#x27;s council") < text.index("Fence the stream")
    for expected in (
        "Wolves at the stream",
        "Ayil okmotu head (Police) promised: Pay for a fence",
        "Build fence part 0",
        "Posts set, part 0",
        "12 people reached",
        "Partly achieved",
        "Only in daylight",
        "Evaluated on 1 Nov 2016",
    ):
        assert expected in text
    assert chapters[0].concern.scores.all()[0].seriousness == 5


def test_a_highly_sensitive_story_is_masked_for_readers_without_the_right(
    client, partner_a, facilitator_a, group_a
):
    chain = build_story(group_a)
    Concern.objects.filter(pk__in=[c.pk for c in chain]).update(
        sensitivity=Concern.Sensitivity.HIGHLY_SENSITIVE
    )
    client.force_login(partner_a)

    masked = client.get(url("concern-detail", chain[0]))

    assert "Wolves at the stream" not in masked.text
    assert "Women are afraid" not in masked.text
    assert f"Highly sensitive concern #{chain[0].pk}" in masked.text
    assert not SensitiveConcernRead.objects.exists()

    client.force_login(facilitator_a)
    shown = client.get(url("concern-detail", chain[0]))

    assert "Women are afraid to fetch water." in shown.text
    assert set(SensitiveConcernRead.objects.values_list("concern", "user")) == {
        (concern.pk, facilitator_a.pk) for concern in chain
    }


def test_the_story_is_out_of_reach_of_another_organisation(client, facilitator_b, group_a):
    chain = build_story(group_a)
    client.force_login(facilitator_b)

    assert client.get(url("concern-detail", chain[0])).status_code == 404


@pytest.mark.parametrize("activities", [1, 4])
def test_the_story_has_a_query_budget(
    signed_in, group_a, activities, django_assert_max_num_queries
):
    chain = build_story(group_a, activities_per_plan=activities)

    with django_assert_max_num_queries(16):
        response = signed_in.get(url("concern-detail", chain[2]))

    assert response.text.count("Build fence part") == activities
    assert Commitment.objects.count() == 1
