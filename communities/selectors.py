"""Reads and aggregations over the communities models."""

import datetime

from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    IntegerField,
    Max,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    When,
)

from communities.models import Community, District, Group, Membership, Person, Region, User
from cycles.models import Cycle


def communities_for_home(user: User) -> QuerySet[Community]:
    """The communities a user works in, each with the number of its groups the user can see.

    Merged groups are left out of the count: their work goes on in the LCPC they joined,
    which is counted already.
    """
    visible_groups = Group.objects.visible_to(user).exclude(status=Group.Status.MERGED)
    return (
        Community.objects.visible_to(user)
        .select_related("district__region")
        .annotate(
            group_count=Count(
                "groups", filter=Q(groups__in=visible_groups.values("pk")), distinct=True
            )
        )
        # pk last: names repeat across districts, and pages must not shuffle between requests.
        .order_by("district__region__country", "name", "pk")
    )


def groups_for_my_work(user: User) -> QuerySet[Group]:
    """The working groups a field worker works with, merged ones left out, with communities."""
    return (
        Group.objects.visible_to(user)
        .exclude(status=Group.Status.MERGED)
        .select_related("partner")
        .prefetch_related("communities")
        .order_by("name", "pk")
    )


def communities_for_list(user: User) -> QuerySet[Community]:
    """The communities page: each community with the groups the user can see prefetched,
    each group with `open_step` and `open_cycle` (the step and pk of its open cycle, if any).
    """
    open_cycles = Cycle.objects.open().filter(group=OuterRef("pk"))
    groups = (
        Group.objects.visible_to(user)
        .annotate(
            open_step=Subquery(open_cycles.values("step")[:1]),
            open_cycle=Subquery(open_cycles.values("pk")[:1]),
        )
        .order_by("name", "pk")
    )
    return (
        Community.objects.visible_to(user)
        .select_related("district__region")
        .prefetch_related(Prefetch("groups", queryset=groups, to_attr="visible_groups"))
        .order_by("name", "pk")
    )


def regions_for_filter(user: User) -> QuerySet[Region]:
    """Regions of the communities the user can see, for the communities page's filter."""
    visible = Community.objects.visible_to(user).values("pk")
    return Region.objects.filter(districts__communities__in=visible).distinct()


def districts_for_filter(user: User) -> QuerySet[District]:
    """Districts of the communities the user can see, for the communities page's filter."""
    visible = Community.objects.visible_to(user).values("pk")
    return (
        District.objects.filter(communities__in=visible)
        .select_related("region")
        .distinct()
        .order_by("name", "pk")
    )


ROLE_ORDER = Case(
    When(role=Membership.Role.CHAIR, then=0),
    When(role=Membership.Role.SECRETARY, then=1),
    default=2,
    output_field=IntegerField(),
)


def memberships_for_group(group: Group, user: User) -> QuerySet[Membership]:
    """A group's memberships the user may see: chair, secretary, then members by name."""
    return (
        Membership.objects.visible_to(user)
        .filter(group=group)
        .select_related("person", "placed_from__group")
        .order_by(ROLE_ORDER, "person__full_name", "start", "pk")
    )


def years_before(day: datetime.date, years: int) -> datetime.date:
    """The same date `years` earlier; 29 February becomes the 28th in a common year."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def people_due_for_retention(
    today: datetime.date, consent_valid_years: int, years_after_leaving: int
) -> QuerySet[Person]:
    """People not yet anonymised whom the retention rule says to anonymise, in id order.

    Their consent was given more than `consent_valid_years` ago (a renewed consent is a new
    consent date), or they sit in no group any more and their last membership ended more
    than `years_after_leaving` ago. Each carries `consent_lapsed`, `running` (whether a
    membership still runs) and `last_end` (when their last membership ended).
    """
    consent_cutoff = years_before(today, consent_valid_years)
    leaving_cutoff = years_before(today, years_after_leaving)
    running = Membership.objects.filter(person=OuterRef("pk")).filter(
        Q(end__isnull=True) | Q(end__gt=today)
    )
    return (
        Person.objects.filter(anonymised_on__isnull=True)
        .annotate(
            running=Exists(running),
            last_end=Max("memberships__end"),
            consent_lapsed=Case(
                When(consent_date__lt=consent_cutoff, then=True),
                default=False,
                output_field=BooleanField(),
            ),
        )
        .filter(
            Q(consent_lapsed=True) | Q(running=False, last_end__lt=leaving_cutoff),
        )
        .order_by("pk")
    )
