"""Turning a cross-border joint-planning opportunity into a joint working group and plan."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from communities.models import Group, User
from cycles.models import ActionPlan, Cycle
from cycles.selectors import Opportunity
from cycles.services.plans import create_plan
from cycles.services.steps import register_cycle


@transaction.atomic
def create_joint_group(opportunity: Opportunity, user: User, on: datetime.date) -> ActionPlan:
    """Form a joint cross-border working group from an opportunity, with a draft joint plan.

    The group takes the communities of both sides; its partner is the user's organisation
    when it supports one side, else the first side's partner. Both sides have already
    identified and prioritised the problem, so the joint group's first cycle starts at
    step 3 (action planning), and the draft plan addresses both sides' prioritised concerns
    of that category. The facilitators of either side who belong to the joint group's
    partner are assigned to it. Returns the plan; `plan.cycle.group` is the new group.
    """
    first, second = opportunity.first.group, opportunity.second.group
    sides = {first.partner_id, second.partner_id}
    partner_id = user.organisation_id if user.organisation_id in sides else first.partner_id
    group = Group(
        name=_("%(first)s and %(second)s joint working group") % {"first": first, "second": second},
        kind=Group.Kind.JOINT,
        partner_id=partner_id,
        programme=first.programme if partner_id == first.partner_id else second.programme,
        established=on,
    )
    group.name = group.name[: Group._meta.get_field("name").max_length]
    group.full_clean(exclude=["communities"])
    group._history_user = user
    group.save()
    group.communities.set([*first.communities.all(), *second.communities.all()])
    # The facilitators already working with either side, if they belong to the joint
    # group's partner, go on with it; nobody else starts seeing the joint group's data.
    group.facilitators.set(
        User.objects.filter(
            facilitated_groups__in=[first, second],
            organisation=partner_id,
            role=User.Role.FACILITATOR,
            is_active=True,
        ).distinct()
    )
    category = opportunity.category_label
    cycle = register_cycle(
        Cycle(
            group=group,
            facilitation=Cycle.Facilitation.PARTNER_LED,
            started_on=on,
            step=Cycle.Step.PLANNING,
        ),
        user,
        reason=_(
            "Formed from the priorities of %(first)s and %(second)s (%(category)s): "
            "both sides have identified and prioritised the problem."
        )
        % {"first": opportunity.first, "second": opportunity.second, "category": category},
    )
    concerns = list(opportunity.concerns)
    if not concerns:
        raise ValidationError(_("Neither side has a prioritised concern of this category now."))
    return create_plan(
        cycle,
        user,
        title=_("Joint plan: %(category)s") % {"category": category},
        concerns=concerns,
    )
