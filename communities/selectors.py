"""Reads and aggregations over the communities models."""

from django.db.models import Count, Q, QuerySet

from communities.models import Community, Group, User


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
