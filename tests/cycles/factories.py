"""factory-boy factories for the cycles models, built on the communities factories."""

import datetime
from decimal import Decimal

import factory

from communities.models import AgeBand, Currency, Ethnicity, Gender
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
from tests.factories import GroupFactory, UserFactory


class CycleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cycle

    group = factory.SubFactory(GroupFactory)
    number = factory.Sequence(lambda n: n + 1)
    facilitation = Cycle.Facilitation.PARTNER_LED
    started_on = datetime.date(2014, 3, 1)
    conflict_drivers = "Disputes over irrigation water between the two villages."
    dividers = "Separate schools and markets."
    connectors = "The shared bazaar and mixed families."
    actors = "Village elders, the neighbourhood police inspector, the ayil okmotu."
    risks = "Rumours after a fight between young men can spread fast."


class CycleStepChangeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CycleStepChange

    cycle = factory.SubFactory(CycleFactory)
    action = CycleStepChange.Action.STARTED
    to_step = 1
    changed_by = factory.SubFactory(UserFactory)


class ConsultationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Consultation

    cycle = factory.SubFactory(CycleFactory)
    group = factory.SelfAttribute("cycle.group")
    kind = Consultation.Kind.COMMUNITY
    held_on = datetime.date(2014, 4, 10)
    place = "School hall"


class AttendanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Attendance

    consultation = factory.SubFactory(ConsultationFactory)
    gender = Gender.FEMALE
    age_band = AgeBand.ADULT_29_45
    count = 10


class EthnicAttendanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EthnicAttendance

    consultation = factory.SubFactory(ConsultationFactory)
    ethnicity = Ethnicity.UZBEK
    count = 10


class CommitmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Commitment

    consultation = factory.SubFactory(ConsultationFactory, kind=Consultation.Kind.ROUND_TABLE)
    body = Commitment.Body.POLICE
    made_by = "District police chief"
    what = "A patrol near the school at the end of classes."
    due_on = datetime.date(2014, 6, 1)


class ConcernFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Concern

    cycle = factory.SubFactory(CycleFactory)
    title = factory.Sequence(lambda n: f"Concern {n}")
    category = Concern.Category.NATURAL_RESOURCES


class ConcernSourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ConcernSource

    concern = factory.SubFactory(ConcernFactory)
    who = ConcernSource.Who.COMMUNITY


class PriorityScoreFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PriorityScore

    concern = factory.SubFactory(ConcernFactory)
    seriousness = 3
    people_affected = 3
    solvable_locally = 3
    consensus = 3


class ActionPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActionPlan

    cycle = factory.SubFactory(CycleFactory, step=3)
    title = factory.Sequence(lambda n: f"Action plan {n}")
    objective = "Women can fetch water safely."
    harm_risks = "Shepherds could feel blamed for the wolves."
    tension_avoidance = "Shepherds sit on the working group for this plan."


class PlanEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PlanEvent

    plan = factory.SubFactory(ActionPlanFactory)
    to_status = ActionPlan.Status.DRAFT
    by = factory.SubFactory(UserFactory)


class SuccessCriterionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SuccessCriterion

    plan = factory.SubFactory(ActionPlanFactory)
    description = "Women fetch water without an escort."
    baseline = "Three wolf sightings at the stream last spring."
    target = "No sighting reported during the season."


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Activity

    plan = factory.SubFactory(ActionPlanFactory)
    title = factory.Sequence(lambda n: f"Activity {n}")
    kind = Activity.Kind.SMALL_WORKS
    responsible = "Women's council"
    planned_start = datetime.date(2014, 5, 1)
    planned_end = datetime.date(2014, 5, 31)
    seed_grant = Decimal("40000.00")
    seed_grant_currency = Currency.KGS


class ActivityReachFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActivityReach

    activity = factory.SubFactory(ActivityFactory)
    gender = Gender.FEMALE
    age_band = AgeBand.YOUTH_14_17
    count = 20


class ContributionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contribution

    plan = factory.SubFactory(ActionPlanFactory)
    source = Contribution.Source.LOCAL_AUTHORITY_BUDGET
    kind = Contribution.Kind.CASH
    pledged_by = "Ayil okmotu"
    value_pledged = Decimal("60000.00")
    value_delivered = Decimal("0.00")
    currency = Currency.KGS


class MonitoringUpdateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MonitoringUpdate

    activity = factory.SubFactory(ActivityFactory)
    reported_on = datetime.date(2014, 5, 20)
    status = Activity.Status.IN_PROGRESS
    progress = "The fence along the stream is half built."


class MonitoringReachFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MonitoringReach

    update = factory.SubFactory(MonitoringUpdateFactory)
    gender = Gender.MALE
    age_band = AgeBand.ADULT_29_45
    count = 5


class CriterionProgressFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CriterionProgress

    update = factory.SubFactory(MonitoringUpdateFactory)
    criterion = factory.SubFactory(
        SuccessCriterionFactory, plan=factory.SelfAttribute("..update.activity.plan")
    )
    progress = "One sighting so far."


class EvaluationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Evaluation

    cycle = factory.SubFactory(CycleFactory, step=5)
    held_on = datetime.date(2014, 11, 15)
    participants = "Group members, women's council, the ayil okmotu head."
    safety_before = Evaluation.Safety.UNSAFE
    safety_after = Evaluation.Safety.SAFE
    what_worked = "Working with the shepherds."
    lessons = "Women's consultations bring up problems men do not see."
    improvements = "Invite the border service earlier."


class CriterionResultFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CriterionResult

    evaluation = factory.SubFactory(EvaluationFactory)
    criterion = factory.SubFactory(
        SuccessCriterionFactory, plan__cycle=factory.SelfAttribute("...evaluation.cycle")
    )
    result = CriterionResult.Result.ACHIEVED
