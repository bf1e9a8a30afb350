from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from communities.selectors import communities_for_home, groups_for_my_work
from cswg_portal.access import does_fieldwork, fieldwork_required
from cycles.models import Cycle
from cycles.selectors import (
    cycles_with_progress,
    next_move_blockers,
    overdue_activities,
    recent_consultations,
    returned_plans,
)

HOME_PAGE_SIZE = 25
# Overdue activities, returned plans and consultations: the first few, newest or oldest first.
MY_WORK_LIST_SIZE = 5


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """My work for field workers; the communities of their programmes for donors."""
    if does_fieldwork(request.user):
        return my_work(request)
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


def my_work(request: HttpRequest) -> HttpResponse:
    """A field worker's groups with where each cycle stands, and what needs them now."""
    user = request.user
    paginator = Paginator(groups_for_my_work(user), HOME_PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    groups = list(page)
    cycles = {
        cycle.group_id: cycle
        for cycle in cycles_with_progress(
            Cycle.objects.open().filter(group__in=[group.pk for group in groups])
        )
    }
    for group in groups:
        group.open_cycle = cycles.get(group.pk)
        group.blockers = next_move_blockers(group.open_cycle) if group.open_cycle else []
    overdue = overdue_activities(user)
    returned = returned_plans(user)
    return render(
        request,
        "communities/my_work.html",
        {
            "groups": groups,
            "page_obj": page,
            "page_range": paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1),
            "overdue": overdue[:MY_WORK_LIST_SIZE],
            "overdue_count": overdue.count(),
            "returned": returned[:MY_WORK_LIST_SIZE],
            "consultations": recent_consultations(user)[:MY_WORK_LIST_SIZE],
        },
    )


# PLACEHOLDER: replaced by the pages' implementation.
@fieldwork_required
def community_list(request):
    raise Http404


@fieldwork_required
def community_detail(request, pk):
    raise Http404


@fieldwork_required
def group_detail(request, pk):
    raise Http404


@fieldwork_required
def membership_add(request, pk):
    raise Http404


@fieldwork_required
def membership_edit(request, pk):
    raise Http404


@fieldwork_required
def membership_end(request, pk):
    raise Http404
