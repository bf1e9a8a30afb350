"""manage.py generate_scale_data: valid rows, every role, the same data for the same seed."""

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction

from communities.models import (
    Community,
    EthnicShare,
    Group,
    Membership,
    Person,
    Programme,
    User,
)
from cycles.models import (
    ActionPlan,
    Activity,
    ActivityReach,
    Attendance,
    Concern,
    ConcernSource,
    Consultation,
    Contribution,
    CriterionResult,
    Cycle,
    CycleStepChange,
    EthnicAttendance,
    Evaluation,
    ExchangeRate,
    MonitoringReach,
    MonitoringUpdate,
    PlanEvent,
    PriorityScore,
    ReportSignOff,
    SuccessCriterion,
)
from cycles.scale.generate import generate

pytestmark = pytest.mark.django_db

MODELS = (
    Community,
    EthnicShare,
    Programme,
    User,
    Group,
    Person,
    Membership,
    Cycle,
    CycleStepChange,
    Consultation,
    Attendance,
    EthnicAttendance,
    Concern,
    ConcernSource,
    PriorityScore,
    ActionPlan,
    PlanEvent,
    SuccessCriterion,
    Contribution,
    Activity,
    ActivityReach,
    MonitoringUpdate,
    MonitoringReach,
    Evaluation,
    CriterionResult,
    ReportSignOff,
    ExchangeRate,
)


@pytest.fixture
def generated():
    generate(8)


def test_every_kind_of_row_is_generated_and_passes_full_clean(generated):
    for model in MODELS:
        sample = list(model.objects.order_by("?")[:15])
        assert sample, f"no {model.__name__}"
        for row in sample:
            row.full_clean()


def test_the_sizes_follow_the_communities(generated):
    assert Community.objects.count() == 8
    # One group per community, a second in every fourth.
    assert Group.objects.count() == 10
    assert Person.objects.count() == 16 * 10
    assert 3 * 10 <= Cycle.objects.count() <= 5 * 10
    assert Consultation.objects.count() == 10 * Cycle.objects.count()
    assert Cycle.objects.open().count() == Group.objects.filter(status="active").count()


def test_there_are_users_of_every_role_and_each_group_has_a_facilitator(generated):
    roles = set(User.objects.values_list("role", flat=True))
    assert roles == set(User.Role.values)
    assert not Group.objects.filter(facilitators=None).exists()
    for group in Group.objects.prefetch_related("facilitators"):
        assert {user.organisation_id for user in group.facilitators.all()} == {group.partner_id}
    assert User.objects.get(username="scale-admin").sees_everything


def test_the_first_group_has_four_cycles_the_last_open_at_step_4(generated):
    group = Group.objects.order_by("pk").first()
    cycles = list(group.cycles.order_by("number"))
    assert [cycle.number for cycle in cycles] == [1, 2, 3, 4]
    assert [cycle.closed_on is None for cycle in cycles] == [False, False, False, True]
    assert cycles[-1].step == 4
    assert cycles[-1].previous == cycles[-2]
    carried = Concern.objects.filter(cycle=cycles[-1], carried_from__isnull=False)
    assert carried.count() == 1


def fingerprint() -> list:
    return [
        list(Community.objects.order_by("pk").values_list("name", "population")),
        list(Concern.objects.order_by("pk").values_list("title", "status", "sensitivity")),
        list(MonitoringUpdate.objects.order_by("pk").values_list("reported_on", "status")),
    ]


def test_the_same_seed_gives_the_same_data():
    prints = []
    for seed in (8, 8, 9):
        with transaction.atomic():
            generate(4, seed=seed)
            prints.append(fingerprint())
            transaction.set_rollback(True)
    assert prints[0] == prints[1]
    assert prints[0] != prints[2]


def test_the_command_refuses_a_database_with_communities(generated):
    with pytest.raises(CommandError, match="already holds communities"):
        call_command("generate_scale_data", communities=2)
    assert Community.objects.count() == 8
