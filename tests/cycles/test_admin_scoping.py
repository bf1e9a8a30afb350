"""Partner staff see only their organisation's cycle data in the back office, history included."""

import pytest
from django.urls import reverse

from cycles.models import (
    ActionPlan,
    Activity,
    Commitment,
    Concern,
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
    ActivityFactory,
    CommitmentFactory,
    ConcernFactory,
    ContributionFactory,
    CycleStepChangeFactory,
    EvaluationFactory,
    MonitoringUpdateFactory,
    PlanEventFactory,
    PriorityScoreFactory,
)

pytestmark = pytest.mark.django_db


def rows_of(cycle):
    """One row per model with its own admin, all belonging to `cycle`'s group."""
    plan_event = PlanEventFactory(plan__cycle=cycle)
    activity = ActivityFactory(plan=plan_event.plan)
    commitment = CommitmentFactory(consultation__cycle=cycle)
    concern = ConcernFactory(cycle=cycle)
    rows = {
        Cycle: cycle,
        CycleStepChange: CycleStepChangeFactory(cycle=cycle),
        Consultation: commitment.consultation,
        Commitment: commitment,
        Concern: concern,
        PriorityScore: PriorityScoreFactory(concern=concern),
        ActionPlan: plan_event.plan,
        PlanEvent: plan_event,
        Activity: activity,
        Contribution: ContributionFactory(plan=plan_event.plan),
        MonitoringUpdate: MonitoringUpdateFactory(activity=activity),
    }
    cycle.step = 5
    cycle.save()
    rows[Evaluation] = EvaluationFactory(cycle=cycle)
    return rows


def url(model, view, *args):
    return reverse(f"admin:cycles_{model._meta.model_name}_{view}", args=args)


MODELS = [
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


@pytest.mark.parametrize("model", MODELS, ids=lambda model: model.__name__)
def test_a_partner_sees_its_rows_and_not_another_organisations(
    client, partner_a, cycle_a, cycle_b, model
):
    ours, theirs = rows_of(cycle_a)[model], rows_of(cycle_b)[model]
    client.force_login(partner_a)

    listed = client.get(url(model, "changelist")).context["cl"].result_list

    assert [row.pk for row in listed] == [ours.pk]
    assert client.get(url(model, "change", ours.pk)).status_code == 200
    # A row outside the partner's scope is not found.
    assert client.get(url(model, "change", theirs.pk)).status_code == 404


@pytest.mark.parametrize(
    "model", [m for m in MODELS if hasattr(m, "history")], ids=lambda model: model.__name__
)
def test_another_organisations_history_is_not_found(client, partner_a, cycle_a, cycle_b, model):
    rows_of(cycle_a)
    theirs = rows_of(cycle_b)[model]
    version = theirs.history.first()
    client.force_login(partner_a)

    assert client.get(url(model, "history", theirs.pk)).status_code == 404
    response = client.get(f"{url(model, 'history', theirs.pk)}{version.history_id}/")
    assert response.status_code == 404


def test_a_partner_reads_its_own_plans_history(client, partner_a, cycle_a):
    plan = rows_of(cycle_a)[ActionPlan]
    client.force_login(partner_a)

    response = client.get(url(ActionPlan, "history", plan.pk))

    assert response.status_code == 200
    assert plan.title in response.content.decode()


def test_highly_sensitive_concerns_of_the_partners_groups_are_listed_masked(
    client, partner_a, cycle_a
):
    ConcernFactory(cycle=cycle_a, title="Domestic violence", sensitivity="highly_sensitive")
    client.force_login(partner_a)

    response = client.get(url(Concern, "changelist"))

    assert [c.title for c in response.context["cl"].result_list] == ["Domestic violence"]
    assert "Domestic violence" not in response.content.decode()


def test_plan_choices_offer_only_the_partners_concerns(
    client, superuser, partner_a, cycle_a, cycle_b
):
    ours = ConcernFactory(cycle=cycle_a, title="Wolves")
    ConcernFactory(cycle=cycle_b, title="Elsewhere")
    client.force_login(partner_a)

    response = client.get(
        reverse("admin:autocomplete"),
        {"app_label": "cycles", "model_name": "actionplan", "field_name": "concerns"},
    )

    assert [row["id"] for row in response.json()["results"]] == [str(ours.pk)]
