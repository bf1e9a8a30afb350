"""My work: the home page of facilitators, partner staff and administrators."""

import datetime

import pytest
from django.core.management import call_command
from django.urls import reverse

from communities.models import Group, User
from cycles import services
from cycles.models import ActionPlan, Activity, Concern, Consultation, Cycle
from cycles.selectors import cycles_with_progress, next_move_blockers
from tests.cycles.factories import (
    ActionPlanFactory,
    ActivityFactory,
    AttendanceFactory,
    ConcernFactory,
    ConsultationFactory,
    CycleFactory,
    EvaluationFactory,
    PlanEventFactory,
)
from tests.factories import GroupFactory

pytestmark = pytest.mark.django_db

HOME = reverse("home")
TODAY = datetime.date.today()


def group_names(response) -> list[str]:
    return [group.name for group in response.context["groups"]]


@pytest.fixture
def osh_work(org_a, org_b, facilitator_a, facilitator_b):
    """Two groups of FTI (one with facilitator A), one merged, one of ASTI."""
    mine = GroupFactory(name="Bazar-Korgon CSWG", partner=org_a, facilitators=[facilitator_a])
    colleagues = GroupFactory(name="Mady LCPC", partner=org_a, kind=Group.Kind.LCPC)
    GroupFactory(
        name="Mady CSWG",
        partner=org_a,
        status=Group.Status.MERGED,
        merged_into=colleagues,
        merged_on="2015-06-01",
        facilitators=[facilitator_a],
    )
    theirs = GroupFactory(name="Vorukh CSWG", partner=org_b, facilitators=[facilitator_b])
    return mine, colleagues, theirs


def test_a_facilitator_sees_the_groups_they_work_with(client, facilitator_a, osh_work):
    client.force_login(facilitator_a)

    response = client.get(HOME)

    assert response.templates[0].name == "communities/my_work.html"
    # Merged groups are left out: their work goes on in the LCPC.
    assert group_names(response) == ["Bazar-Korgon CSWG"]
    assert "Vorukh" not in response.text


def test_partner_staff_see_every_group_of_their_organisation(client, partner_a, osh_work):
    client.force_login(partner_a)

    assert group_names(client.get(HOME)) == ["Bazar-Korgon CSWG", "Mady LCPC"]


def test_a_group_without_an_open_cycle_offers_to_start_one(client, facilitator_a, osh_work):
    mine, _colleagues, _theirs = osh_work
    client.force_login(facilitator_a)

    html = client.get(HOME).text

    assert "No cycle open." in html
    assert reverse("cycles:cycle-start", args=[mine.pk]) in html


@pytest.mark.parametrize(
    ("step", "blocker"),
    [
        (Cycle.Step.PREPARATION, "Context analysis: risks missing."),
        (Cycle.Step.PRIORITISATION, "No concern prioritised yet."),
        (Cycle.Step.PLANNING, "No approved action plan yet."),
        (Cycle.Step.IMPLEMENTATION, "1 activity still to finish."),
        (Cycle.Step.EVALUATION, "No evaluation recorded yet."),
    ],
)
def test_each_cycle_says_what_its_next_move_needs(client, facilitator_a, osh_work, step, blocker):
    mine, _colleagues, _theirs = osh_work
    cycle = CycleFactory(group=mine, step=step, risks="")
    if step == Cycle.Step.IMPLEMENTATION:
        ActivityFactory(plan=ActionPlanFactory(cycle=cycle, status=ActionPlan.Status.APPROVED))
    client.force_login(facilitator_a)

    html = client.get(HOME).text

    assert cycle.get_step_display() in html
    assert blocker in html


def test_a_cycle_ready_for_its_next_move_says_so(client, facilitator_a, osh_work):
    mine, _colleagues, _theirs = osh_work
    cycle = CycleFactory(group=mine, step=Cycle.Step.EVALUATION)
    EvaluationFactory(cycle=cycle)
    client.force_login(facilitator_a)

    assert "Ready to close." in client.get(HOME).text


def test_the_short_blockers_agree_with_the_services_on_the_demo(db):
    """My work reads what a move needs from annotations; the cycle page asks the services.
    On every open cycle of the demo, they must agree on whether the cycle can move."""
    call_command("load_demo", verbosity=0)
    cycles = cycles_with_progress(Cycle.objects.open())

    verdicts = {
        cycle.pk: (bool(next_move_blockers(cycle)), bool(services.missing_for_next(cycle)))
        for cycle in cycles
    }

    assert len(verdicts) >= 5
    assert all(short == full for short, full in verdicts.values()), verdicts


def test_it_lists_overdue_activities_of_approved_plans_only(client, facilitator_a, osh_work):
    mine, colleagues, theirs = osh_work
    cycle = CycleFactory(group=mine, step=Cycle.Step.IMPLEMENTATION)
    approved = ActionPlanFactory(cycle=cycle, status=ActionPlan.Status.APPROVED)
    late = TODAY - datetime.timedelta(days=10)
    ActivityFactory(plan=approved, title="Lighting the bazaar path", planned_end=late)
    ActivityFactory(
        plan=approved, title="Football tournament", planned_end=late, status=Activity.Status.DONE
    )
    ActivityFactory(
        plan=approved, title="Meeting with shepherds", planned_end=TODAY + datetime.timedelta(1)
    )
    ActivityFactory(plan=ActionPlanFactory(cycle=cycle), title="Draft idea", planned_end=late)
    other = ActionPlanFactory(
        cycle=CycleFactory(group=theirs, step=4), status=ActionPlan.Status.APPROVED
    )
    ActivityFactory(plan=other, title="Vorukh patrol", planned_end=late)
    client.force_login(facilitator_a)

    response = client.get(HOME)

    assert [activity.title for activity in response.context["overdue"]] == [
        "Lighting the bazaar path"
    ]
    assert response.context["overdue_count"] == 1


def test_it_lists_plans_returned_with_the_reviewers_last_comment(
    client, facilitator_a, partner_a, osh_work
):
    mine, _colleagues, _theirs = osh_work
    cycle = CycleFactory(group=mine)
    plan = ActionPlanFactory(cycle=cycle, title="Street lights", status=ActionPlan.Status.RETURNED)
    PlanEventFactory(
        plan=plan,
        to_status=ActionPlan.Status.RETURNED,
        by=partner_a,
        comment="Say who pays for the electricity.",
        at=datetime.datetime(2025, 1, 5, tzinfo=datetime.UTC),
    )
    PlanEventFactory(
        plan=plan,
        to_status=ActionPlan.Status.RETURNED,
        by=partner_a,
        comment="Add the mahalla's contribution.",
        at=datetime.datetime(2025, 2, 5, tzinfo=datetime.UTC),
    )
    ActionPlanFactory(cycle=cycle, title="Water points")
    client.force_login(facilitator_a)

    response = client.get(HOME)

    assert [plan.title for plan in response.context["returned"]] == ["Street lights"]
    assert "Add the mahalla&#x27;s contribution." in response.text
    assert "Say who pays" not in response.text


def test_it_lists_the_last_consultations_with_their_head_counts(client, facilitator_a, osh_work):
    mine, _colleagues, theirs = osh_work
    cycle = CycleFactory(group=mine)
    women = ConsultationFactory(
        cycle=cycle, kind=Consultation.Kind.WOMEN, held_on=datetime.date(2025, 3, 8)
    )
    AttendanceFactory(consultation=women, count=18)
    AttendanceFactory(consultation=women, gender="male", count=2)
    ConsultationFactory(cycle=cycle, held_on=datetime.date(2025, 1, 1))
    ConsultationFactory(cycle=CycleFactory(group=theirs), held_on=datetime.date(2025, 4, 1))
    client.force_login(facilitator_a)

    response = client.get(HOME)

    consultations = list(response.context["consultations"])
    assert [c.held_on for c in consultations] == [
        datetime.date(2025, 3, 8),
        datetime.date(2025, 1, 1),
    ]
    assert "20 people" in response.text
    assert "90% women" in response.text


def make_busy_groups(facilitator, count: int) -> None:
    """Groups each with an open cycle, an overdue activity, a returned plan and a consultation."""
    late = TODAY - datetime.timedelta(days=3)
    for _n in range(count):
        group = GroupFactory(partner=facilitator.organisation, facilitators=[facilitator])
        cycle = CycleFactory(group=group, step=Cycle.Step.IMPLEMENTATION)
        plan = ActionPlanFactory(cycle=cycle, status=ActionPlan.Status.APPROVED)
        ActivityFactory(plan=plan, planned_end=late)
        ActionPlanFactory(cycle=cycle, status=ActionPlan.Status.RETURNED)
        AttendanceFactory(consultation=ConsultationFactory(cycle=cycle))
        ConcernFactory(cycle=cycle, status=Concern.Status.PRIORITISED)


def test_its_queries_do_not_grow_with_the_number_of_groups(
    client, facilitator_a, django_assert_max_num_queries
):
    def count() -> int:
        with django_assert_max_num_queries(15) as captured:
            assert client.get(HOME).status_code == 200
        return len(captured.captured_queries)

    make_busy_groups(facilitator_a, 3)
    client.force_login(facilitator_a)
    with_three = count()
    make_busy_groups(facilitator_a, 27)

    assert count() == with_three
    assert len(client.get(HOME, {"page": 2}).context["groups"]) == 5


def test_an_unassigned_facilitator_is_told_to_ask_for_a_group(client, org_a):
    client.force_login(User.objects.create_user("new", organisation=org_a, role="facilitator"))

    html = client.get(HOME).text

    assert "You are not yet assigned to a working group." in html
    assert 'class="pagination' not in html
