"""Joint-planning opportunities across a border, and the joint group made from one."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from communities.models import Group, User
from cycles import selectors, services
from cycles.models import ActionPlan, Concern, Cycle
from tests.cycles.factories import ConcernFactory, CycleFactory
from tests.factories import CommunityFactory, GroupFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db

ROAD = Concern.Category.ROAD_SAFETY
TODAY = datetime.date(2015, 6, 1)


@pytest.fixture
def border(org_a, org_b, programme_a):
    """Ak-Sai (Kyrgyzstan, FTI) and Vorukh (Tajikistan, ASTI) face each other."""
    ak_sai = CommunityFactory(name="Ak-Sai", on_border=True)
    vorukh = CommunityFactory(name="Vorukh", on_border=True)
    ak_sai.facing_communities.add(vorukh)
    kyrgyz_side = GroupFactory(
        name="Ak-Sai CSWG", partner=org_a, programme=programme_a, communities=[ak_sai]
    )
    tajik_side = GroupFactory(name="Vorukh CSWG", partner=org_b, communities=[vorukh])
    return kyrgyz_side, tajik_side


def prioritised(cycle, category=ROAD, **kwargs):
    return ConcernFactory(
        cycle=cycle, category=category, status=Concern.Status.PRIORITISED, **kwargs
    )


def cycle_of(group, started, closed=None, number=1):
    return CycleFactory(
        group=group,
        number=number,
        started_on=started,
        closed_on=closed,
        step=5 if closed else 2,
    )


def opportunities(user):
    return [
        (o.first.group.name, o.second.group.name, o.category)
        for o in selectors.joint_planning_opportunities(user, today=TODAY)
    ]


def test_facing_groups_with_the_same_priority_in_overlapping_cycles_meet(border, partner_a):
    kyrgyz_side, tajik_side = border
    first = cycle_of(kyrgyz_side, datetime.date(2014, 3, 1))
    second = cycle_of(tajik_side, datetime.date(2014, 9, 1), datetime.date(2015, 3, 1))
    prioritised(first)
    prioritised(first, title="Accidents at the crossing")
    prioritised(second)

    assert opportunities(partner_a) == [("Ak-Sai CSWG", "Vorukh CSWG", ROAD)]


def test_groups_that_do_not_face_each_other_do_not_meet(border, partner_a):
    kyrgyz_side, _tajik_side = border
    inland = GroupFactory(name="Inland CSWG", communities=[CommunityFactory()])
    prioritised(cycle_of(kyrgyz_side, datetime.date(2014, 3, 1)))
    prioritised(cycle_of(inland, datetime.date(2014, 3, 1)))

    assert opportunities(partner_a) == []


def test_cycles_that_do_not_overlap_do_not_meet(border, partner_a):
    kyrgyz_side, tajik_side = border
    prioritised(cycle_of(kyrgyz_side, datetime.date(2015, 4, 1)))
    prioritised(cycle_of(tajik_side, datetime.date(2014, 3, 1), datetime.date(2015, 3, 1)))

    assert opportunities(partner_a) == []


def test_a_cycle_starting_after_today_does_not_overlap_an_open_one(border, partner_a):
    kyrgyz_side, tajik_side = border
    prioritised(cycle_of(kyrgyz_side, datetime.date(2014, 3, 1)))
    prioritised(cycle_of(tajik_side, TODAY + datetime.timedelta(days=1)))

    assert opportunities(partner_a) == []


def test_the_same_category_must_be_prioritised_in_the_overlapping_cycle(border, partner_a):
    kyrgyz_side, tajik_side = border
    prioritised(cycle_of(kyrgyz_side, datetime.date(2014, 3, 1), datetime.date(2014, 12, 1)))
    # The Tajik side's overlapping cycle chose water; its road-safety priority came later.
    prioritised(
        cycle_of(tajik_side, datetime.date(2014, 6, 1), datetime.date(2014, 12, 31)),
        category=Concern.Category.NATURAL_RESOURCES,
    )
    prioritised(cycle_of(tajik_side, datetime.date(2015, 2, 1), number=2))

    assert opportunities(partner_a) == []


def test_concerns_not_prioritised_or_highly_sensitive_do_not_count(border, partner_a):
    kyrgyz_side, tajik_side = border
    first = cycle_of(kyrgyz_side, datetime.date(2014, 3, 1))
    second = cycle_of(tajik_side, datetime.date(2014, 3, 1))
    prioritised(first)
    ConcernFactory(cycle=second, category=ROAD, status=Concern.Status.OPEN)
    prioritised(second, sensitivity=Concern.Sensitivity.HIGHLY_SENSITIVE)

    assert opportunities(partner_a) == []


def test_an_opportunity_is_seen_from_either_side_but_not_by_outsiders(
    border, partner_a, facilitator_b, org_b
):
    kyrgyz_side, tajik_side = border
    tajik_side.facilitators.add(facilitator_b)
    prioritised(cycle_of(kyrgyz_side, datetime.date(2014, 3, 1)))
    prioritised(cycle_of(tajik_side, datetime.date(2014, 3, 1)))
    outsider = UserFactory(organisation=OrganisationFactory())
    # Of the right organisation, but working with neither group.
    colleague_b = UserFactory(organisation=org_b, role=User.Role.FACILITATOR)

    assert len(opportunities(partner_a)) == 1
    assert len(opportunities(facilitator_b)) == 1
    assert opportunities(outsider) == []
    assert opportunities(colleague_b) == []


def test_a_joint_group_and_draft_plan_are_made_from_an_opportunity(border, partner_a):
    kyrgyz_side, tajik_side = border
    first = cycle_of(kyrgyz_side, datetime.date(2014, 3, 1))
    second = cycle_of(tajik_side, datetime.date(2014, 3, 1))
    ours, theirs = prioritised(first), prioritised(second)
    prioritised(first, category=Concern.Category.CRIME)
    (opportunity,) = selectors.joint_planning_opportunities(partner_a, today=TODAY)

    plan = services.create_joint_group(opportunity, partner_a, datetime.date(2015, 6, 2))

    group = plan.cycle.group
    assert group.kind == Group.Kind.JOINT
    assert group.name == "Ak-Sai CSWG and Vorukh CSWG joint working group"
    assert sorted(group.communities.values_list("name", flat=True)) == ["Ak-Sai", "Vorukh"]
    assert group.partner == partner_a.organisation
    assert (plan.cycle.number, plan.cycle.step) == (1, Cycle.Step.PLANNING)
    assert plan.cycle.step_changes.get().reason.startswith("Formed from the priorities of")
    assert (plan.title, plan.status) == ("Joint plan: Road safety", ActionPlan.Status.DRAFT)
    assert set(plan.concerns.all()) == {ours, theirs}
    # Taken up once, it is no longer offered.
    assert selectors.joint_planning_opportunities(partner_a, today=TODAY) == []


def test_the_joint_group_keeps_the_facilitators_of_its_partner_from_either_side(
    border, partner_a, facilitator_a, facilitator_b, org_a
):
    kyrgyz_side, tajik_side = border
    kyrgyz_side.facilitators.add(facilitator_a)
    tajik_side.facilitators.add(facilitator_b)
    UserFactory(organisation=org_a, role=User.Role.FACILITATOR)  # works with neither side
    prioritised(cycle_of(kyrgyz_side, datetime.date(2014, 3, 1)))
    prioritised(cycle_of(tajik_side, datetime.date(2014, 3, 1)))
    (opportunity,) = selectors.joint_planning_opportunities(partner_a, today=TODAY)

    group = services.create_joint_group(
        opportunity, partner_a, datetime.date(2015, 6, 2)
    ).cycle.group

    # facilitator_b is ASTI's: the joint group is FTI's, so ASTI's data stays ASTI's.
    assert list(group.facilitators.all()) == [facilitator_a]
    assert Group.objects.visible_to(facilitator_a).filter(pk=group.pk).exists()


def test_the_joint_cycle_counts_the_concerns_its_plan_takes_up(border, partner_a):
    kyrgyz_side, tajik_side = border
    prioritised(cycle_of(kyrgyz_side, datetime.date(2014, 3, 1)))
    prioritised(cycle_of(tajik_side, datetime.date(2014, 3, 1)))
    (opportunity,) = selectors.joint_planning_opportunities(partner_a, today=TODAY)
    plan = services.create_joint_group(opportunity, partner_a, datetime.date(2015, 6, 2))
    cycle = plan.cycle

    services.move_back(cycle, 2, "The joint group wants its own consultation.", partner_a)

    assert services.missing_for_step(cycle, 3) == []
    services.advance(cycle, partner_a)
    cycle.refresh_from_db()
    assert cycle.step == 3


def test_a_joint_group_needs_concerns_still_prioritised(border, partner_a):
    kyrgyz_side, tajik_side = border
    ours = prioritised(cycle_of(kyrgyz_side, datetime.date(2014, 3, 1)))
    theirs = prioritised(cycle_of(tajik_side, datetime.date(2014, 3, 1)))
    (opportunity,) = selectors.joint_planning_opportunities(partner_a, today=TODAY)
    Concern.objects.filter(pk__in=[ours.pk, theirs.pk]).update(status=Concern.Status.OPEN)

    with pytest.raises(ValidationError) as error:
        services.create_joint_group(opportunity, partner_a, datetime.date(2015, 6, 2))

    assert error.value.messages == ["Neither side has a prioritised concern of this category now."]
    assert not Group.objects.filter(kind=Group.Kind.JOINT).exists()
