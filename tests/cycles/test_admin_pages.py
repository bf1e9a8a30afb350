"""Every cycles admin page renders with data, and the plan changelist keeps its query budget."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils.html import escape

from communities.models import AgeBand, Gender
from cycles.models import (
    ActionPlan,
    Activity,
    Commitment,
    Concern,
    ConcernSource,
    Consultation,
    Contribution,
    Cycle,
    CycleStepChange,
    Evaluation,
    MonitoringUpdate,
    PlanEvent,
    PriorityScore,
)
from tests.cycles.factories import (
    ActionPlanFactory,
    ActivityFactory,
    ActivityReachFactory,
    AttendanceFactory,
    CommitmentFactory,
    ConcernFactory,
    ConcernSourceFactory,
    ContributionFactory,
    CriterionProgressFactory,
    CriterionResultFactory,
    CycleFactory,
    CycleStepChangeFactory,
    EthnicAttendanceFactory,
    MonitoringReachFactory,
    MonitoringUpdateFactory,
    PlanEventFactory,
    PriorityScoreFactory,
)
from tests.factories import GroupFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def rows(cycle_a, superuser):
    """One row of every model with its own admin, all in one evaluated cycle of group A."""
    cycle_a.step = 5
    cycle_a.save()
    change = CycleStepChangeFactory(cycle=cycle_a, changed_by=superuser)
    consultation = AttendanceFactory(consultation__cycle=cycle_a, count=12).consultation
    commitment = CommitmentFactory(consultation=consultation)
    concern = ConcernFactory(cycle=cycle_a, title="Wolves at the water stream")
    ConcernSourceFactory(concern=concern, who=ConcernSource.Who.WOMEN)
    score = PriorityScoreFactory(concern=concern, seriousness=5)
    plan = ActionPlanFactory(cycle=cycle_a, title="Safe water", status=ActionPlan.Status.SUBMITTED)
    plan.concerns.add(concern)
    event = PlanEventFactory(plan=plan, to_status="submitted", by=superuser)
    activity = ActivityFactory(plan=plan, title="Fence the stream")
    contribution = ContributionFactory(plan=plan, pledged_by="Ayil okmotu of Somonion")
    update = MonitoringUpdateFactory(activity=activity)
    EthnicAttendanceFactory(consultation=consultation)
    ActivityReachFactory(activity=activity)
    MonitoringReachFactory(update=update)
    result = CriterionResultFactory(evaluation__cycle=cycle_a, criterion__plan=plan)
    CriterionProgressFactory(update=update, criterion=result.criterion)
    evaluation = result.evaluation
    return {
        Cycle: cycle_a,
        CycleStepChange: change,
        Consultation: consultation,
        Commitment: commitment,
        Concern: concern,
        PriorityScore: score,
        ActionPlan: plan,
        PlanEvent: event,
        Activity: activity,
        Contribution: contribution,
        MonitoringUpdate: update,
        Evaluation: evaluation,
    }


ADMIN_MODELS = [
    Cycle,
    CycleStepChange,
    Consultation,
    Commitment,
    Concern,
    PriorityScore,
    ActionPlan,
    PlanEvent,
    Activity,
    Contribution,
    MonitoringUpdate,
    Evaluation,
]
# Logs written only by the services: listed and viewed, never added by hand.
LOGS = {CycleStepChange, PlanEvent}
# A field each add form must offer.
ADD_FIELD = {
    Cycle: "conflict_drivers",
    Consultation: "held_on",
    Commitment: "made_by",
    Concern: "sensitivity",
    PriorityScore: "consensus",
    ActionPlan: "harm_risks",
    Activity: "seed_grant_currency",
    Contribution: "value_delivered",
    MonitoringUpdate: "progress",
    Evaluation: "safety_after",
}


def url(model, view, *args):
    return reverse(f"admin:cycles_{model._meta.model_name}_{view}", args=args)


ids = [model.__name__ for model in ADMIN_MODELS]


@pytest.mark.parametrize("model", ADMIN_MODELS, ids=ids)
def test_the_changelist_lists_the_row(client, superuser, rows, model):
    client.force_login(superuser)

    response = client.get(url(model, "changelist"))

    assert response.status_code == 200
    assert url(model, "change", rows[model].pk) in response.content.decode()


@pytest.mark.parametrize("model", ADMIN_MODELS, ids=ids)
def test_the_change_page_shows_the_row(client, superuser, rows, model):
    client.force_login(superuser)

    response = client.get(url(model, "change", rows[model].pk))

    assert response.status_code == 200
    assert escape(str(rows[model])) in response.content.decode()


@pytest.mark.parametrize(
    "model", [m for m in ADMIN_MODELS if m not in LOGS], ids=lambda m: m.__name__
)
def test_the_add_page_offers_the_form(client, superuser, rows, model):
    client.force_login(superuser)

    response = client.get(url(model, "add"))

    assert response.status_code == 200
    assert f'name="{ADD_FIELD[model]}"' in response.content.decode()


@pytest.mark.parametrize("model", sorted(LOGS, key=str), ids=lambda m: m.__name__)
def test_logs_cannot_be_written_by_hand(client, superuser, rows, model):
    client.force_login(superuser)

    assert client.get(url(model, "add")).status_code == 403
    response = client.get(url(model, "change", rows[model].pk))
    assert 'name="_save"' not in response.content.decode()


INLINES = [
    (Cycle, "step_changes"),
    (Consultation, "attendance"),
    (Consultation, "ethnic_attendance"),
    (Consultation, "commitments"),
    (Concern, "raised_by"),
    (Concern, "scores"),
    (ActionPlan, "criteria"),
    (ActionPlan, "activities"),
    (ActionPlan, "contributions"),
    (ActionPlan, "events"),
    (Activity, "reach"),
    (Activity, "updates"),
    (MonitoringUpdate, "reach"),
    (MonitoringUpdate, "criteria_progress"),
    (Evaluation, "results"),
]


@pytest.mark.parametrize(
    ("model", "prefix"), INLINES, ids=[f"{m.__name__}-{p}" for m, p in INLINES]
)
def test_rows_without_their_own_admin_are_inline_on_their_parent(
    client, superuser, rows, model, prefix
):
    client.force_login(superuser)

    content = client.get(url(model, "change", rows[model].pk)).content.decode()

    assert f'name="{prefix}-TOTAL_FORMS" value="1"' in content


def test_the_concern_list_flags_concerns_raised_only_by_women_or_youth(client, superuser, rows):
    ConcernFactory(cycle=rows[Cycle], title="Street lighting")
    client.force_login(superuser)

    response = client.get(url(Concern, "changelist"), {"women_youth_only": "yes"})

    assert [c.title for c in response.context["cl"].result_list] == ["Wolves at the water stream"]
    assert response.context["cl"].result_list[0].women_youth_only is True


def test_the_cycle_page_shows_what_is_missing_and_the_priorities(client, superuser, rows):
    client.force_login(superuser)

    content = client.get(url(Cycle, "change", rows[Cycle].pk)).content.decode()

    assert "Ready to close." in content
    assert "12 people, 100.0% women, 0.0% youth" in content
    assert "Wolves at the water stream" in content
    assert "raised only by women or youth" in content
    assert "<td>14</td>" in content  # the whole group's score, 5 + 3 + 3 + 3
    assert url(Cycle, "close", rows[Cycle].pk) in content


def test_adding_a_cycle_in_the_admin_numbers_it_and_logs_the_start(client, superuser, group_a):
    CycleFactory(group=group_a, number=1, step=5, closed_on=datetime.date(2014, 12, 1))
    client.force_login(superuser)

    response = client.post(
        url(Cycle, "add"),
        {
            "group": group_a.pk,
            "facilitation": Cycle.Facilitation.GROUP_LED,
            "started_on": "2015-02-01",
            "conflict_drivers": "",
            "dividers": "",
            "connectors": "",
            "actors": "",
            "risks": "",
            "step_changes-TOTAL_FORMS": "0",
            "step_changes-INITIAL_FORMS": "0",
        },
    )

    assert response.status_code == 302
    cycle = Cycle.objects.get(group=group_a, number=2)
    assert (cycle.step, cycle.facilitation) == (1, "group_led")
    assert list(cycle.step_changes.values_list("action", "changed_by")) == [
        ("started", superuser.pk)
    ]


def test_the_admin_refuses_a_second_open_cycle(client, superuser, cycle_a):
    client.force_login(superuser)

    response = client.post(
        url(Cycle, "add"),
        {
            "group": cycle_a.group.pk,
            "facilitation": Cycle.Facilitation.GROUP_LED,
            "started_on": "2015-02-01",
            "step_changes-TOTAL_FORMS": "0",
            "step_changes-INITIAL_FORMS": "0",
        },
    )

    assert response.status_code == 200
    assert "This group already has an open cycle" in response.content.decode()
    assert Cycle.objects.filter(group=cycle_a.group).count() == 1


def make_plans(partner, programme, count):
    for n in range(count):
        group = GroupFactory(partner=partner, programme=programme)
        plan = ActionPlanFactory(cycle__group=group, status=ActionPlan.Status.SUBMITTED)
        PlanEventFactory(plan=plan, to_status="submitted")
        ActivityFactory(plan=plan, seed_grant=Decimal(1000 + n), seed_grant_currency="KGS")
        ContributionFactory(plan=plan, currency="KGS")
        ContributionFactory(plan=plan, currency="USD", value_pledged=Decimal("50"))
        AttendanceFactory(
            consultation__cycle=plan.cycle, gender=Gender.MALE, age_band=AgeBand.ELDER
        )


@pytest.mark.parametrize("count", [2, 12])
def test_the_plan_changelist_keeps_its_query_budget(
    client, partner_a, org_a, programme_a, count, django_assert_max_num_queries
):
    make_plans(org_a, programme_a, count)
    client.force_login(partner_a)

    with django_assert_max_num_queries(13):
        response = client.get(url(ActionPlan, "changelist"))

    assert response.status_code == 200
    assert len(response.context["cl"].result_list) == count
    assert "USD" in response.content.decode()
