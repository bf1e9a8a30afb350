from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from communities.models import Community, Group, User

HOME_PAGE_SIZE = 25


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


@login_required
def home(request: HttpRequest) -> HttpResponse:
    paginator = Paginator(communities_for_home(request.user), HOME_PAGE_SIZE)
    # get_page turns a missing, malformed or too large number into the first or last page.
    page = paginator.get_page(request.GET.get("page"))
    return render(
        request,
        "communities/home.html",
        {
            "page_obj": page,
            "page_range": paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1),
        },
    )
