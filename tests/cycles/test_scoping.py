"""Who sees which cycle data: everything follows the group (test_sensitive_concerns.py has
who reads the text of highly sensitive concerns)."""

import pytest
from django.contrib.auth.models import AnonymousUser

from communities.models import User
from cycles.models import (
    ActionPlan,
    Activity,
    ActivityReach,
    Attendance,
    Commitment,
    Concern,
    ConcernSource,
    Consultation,
    Contribution,
    CriterionProgress,
    CriterionResult,
    Cycle,
    CycleStepChange,
    EthnicAttendance,
    Evaluation,
    MonitoringReach,
    MonitoringUpdate,
    PlanEvent,
    PriorityScore,
    SuccessCriterion,
)
from tests.cycles.factories import (
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
    PlanEventFactory,
    PriorityScoreFactory,
)
from tests.factories import GroupFactory, UserFactory

pytestmark = pytest.mark.django_db

HIGHLY = Concern.Sensitivity.HIGHLY_SENSITIVE


def build_everything(cycle):
    """One row of every cycles model hanging off `cycle`."""
    CycleStepChangeFactory(cycle=cycle)
    AttendanceFactory(consultation__cycle=cycle)
    EthnicAttendanceFactory(consultation__cycle=cycle)
    CommitmentFactory(consultation__cycle=cycle)
    ConcernSourceFactory(concern__cycle=cycle)
    PriorityScoreFactory(concern__cycle=cycle)
    plan_event = PlanEventFactory(plan__cycle=cycle)
    ContributionFactory(plan=plan_event.plan)
    ActivityReachFactory(activity__plan=plan_event.plan)
    MonitoringReachFactory(update__activity__plan=plan_event.plan)
    CriterionProgressFactory(update__activity__plan=plan_event.plan)
    cycle.step = 5
    cycle.save()
    CriterionResultFactory(evaluation__cycle=cycle, criterion__plan=plan_event.plan)


MODELS = [
    Cycle,
    CycleStepChange,
    Consultation,
    Attendance,
    EthnicAttendance,
    Commitment,
    Concern,
    ConcernSource,
    PriorityScore,
    ActionPlan,
    PlanEvent,
    SuccessCriterion,
    Activity,
    ActivityReach,
    Contribution,
    MonitoringUpdate,
    MonitoringReach,
    CriterionProgress,
    Evaluation,
    CriterionResult,
]


@pytest.mark.parametrize("model", MODELS, ids=lambda model: model.__name__)
def test_each_model_shows_only_rows_of_the_users_groups(
    model, cycle_a, cycle_b, facilitator_a, facilitator_b, superuser
):
    build_everything(cycle_a)
    build_everything(cycle_b)
    own_a = model.objects.visible_to(facilitator_a)
    own_b = model.objects.visible_to(facilitator_b)

    assert own_a.exists()
    assert own_b.exists()
    assert not own_a.filter(pk__in=own_b.values("pk")).exists()
    assert own_a.count() + own_b.count() == model.objects.visible_to(superuser).count()
    assert model.objects.visible_to(AnonymousUser()).count() == 0


def test_donors_see_their_programmes_cycles_only(cycle_a, cycle_b, donor_a):
    assert list(Cycle.objects.visible_to(donor_a)) == [cycle_a]


def test_highly_sensitive_concerns_are_counted_by_everyone_who_sees_the_group(
    cycle_a, facilitator_a, partner_a, donor_a, superuser, facilitator_b
):
    normal = ConcernFactory(cycle=cycle_a, title="Street lighting")
    violence = ConcernFactory(cycle=cycle_a, title="Domestic violence", sensitivity=HIGHLY)
    PriorityScoreFactory(concern=violence)

    for user in (facilitator_a, partner_a, superuser, donor_a):
        assert set(Concern.objects.visible_to(user)) == {normal, violence}
        assert PriorityScore.objects.visible_to(user).count() == 1
    assert not Concern.objects.visible_to(facilitator_b).exists()


def test_a_facilitator_sees_the_cycles_of_their_groups_only(cycle_a, org_a, facilitator_a):
    other_group = GroupFactory(partner=org_a, programme=cycle_a.group.programme)
    CycleFactory(group=other_group, number=1)
    colleague = UserFactory(organisation=org_a, role=User.Role.FACILITATOR)

    assert list(Cycle.objects.visible_to(facilitator_a)) == [cycle_a]
    assert not Cycle.objects.visible_to(colleague).exists()
    other_group.facilitators.add(colleague)
    assert [c.group for c in Cycle.objects.visible_to(colleague)] == [other_group]
