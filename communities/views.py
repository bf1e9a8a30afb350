from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from communities import services
from communities.filters import CommunityFilter
from communities.forms import EndMembershipForm, MembershipEditForm, MembershipForm
from communities.models import Community, Group, Membership
from communities.selectors import (
    communities_for_list,
    groups_for_my_work,
    memberships_for_group,
)
from cswg_portal.access import does_fieldwork, fieldwork_required, scoped_or_404
from cswg_portal.submissions import TOKEN_FIELD, AlreadySaved, already_saved, save_once
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
    """My work for field workers; donors, who read reports only, go to the reports."""
    if does_fieldwork(request.user):
        return my_work(request)
    return redirect("reports:portfolio")


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


# Communities ---------------------------------------------------------------------------------

COMMUNITY_PAGE_SIZE = 25


@fieldwork_required
def community_list(request: HttpRequest) -> HttpResponse:
    """The communities the user works in, filtered in place by htmx or by a plain GET form."""
    filterset = CommunityFilter(
        request.GET or None, queryset=communities_for_list(request.user), request=request
    )
    paginator = Paginator(filterset.qs, COMMUNITY_PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    context = {
        "filter": filterset,
        "page_obj": page,
        "page_range": paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1),
        "filtered": any(request.GET.get(name) for name in filterset.filters),
        # The filters beyond the search stay open while one of them is in use or wrong.
        "more_filters": any(
            request.GET.get(name) or filterset.form.errors.get(name)
            for name in filterset.filters
            if name != "q"
        ),
    }
    template = (
        "communities/_community_results.html" if request.htmx else "communities/community_list.html"
    )
    response = render(request, template, context)
    # The same URL answers with a fragment or a page: caches must keep them apart.
    patch_vary_headers(response, ["HX-Request"])
    return response


@fieldwork_required
def community_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    community = scoped_or_404(Community.objects.select_related("district__region"), user, pk=pk)
    groups = (
        Group.objects.visible_to(user)
        .filter(communities=community)
        .select_related("partner", "programme")
        .prefetch_related(
            Prefetch("cycles", queryset=Cycle.objects.order_by("number"), to_attr="cycle_list")
        )
        .order_by("name", "pk")
    )
    return render(
        request,
        "communities/community_detail.html",
        {
            "community": community,
            "groups": groups,
            "shares": community.ethnic_shares.all(),
            # Only the facing communities the user works in: the others are not theirs to open.
            "facing": community.facing_communities.visible_to(user).order_by("name", "pk"),
            "map_tile_url": settings.MAP_TILE_URL,
            "map_attribution": settings.MAP_TILE_ATTRIBUTION,
        },
    )


# Groups and their members ----------------------------------------------------------------------


@fieldwork_required
def group_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    group = scoped_or_404(
        Group.objects.select_related("partner", "programme", "merged_into").with_make_up(),
        user,
        pk=pk,
    )
    today = timezone.localdate()
    memberships = list(memberships_for_group(group, user))
    cycles = list(group.cycles.order_by("-number"))
    return render(
        request,
        "communities/group_detail.html",
        {
            "group": group,
            "communities": group.communities.visible_to(user).order_by("name", "pk"),
            "facilitators": group.facilitators.order_by("first_name", "last_name", "pk"),
            "current": [m for m in memberships if m.end is None or m.end >= today],
            "ended": [m for m in memberships if m.end is not None and m.end < today],
            "cycles": cycles,
            "open_cycle": next((cycle for cycle in cycles if not cycle.is_closed), None),
        },
    )


def _membership(request: HttpRequest, pk: int) -> Membership:
    return scoped_or_404(Membership.objects.select_related("person", "group"), request.user, pk=pk)


@fieldwork_required
def membership_add(request: HttpRequest, pk: int) -> HttpResponse:
    group = scoped_or_404(Group.objects.select_related("merged_into"), request.user, pk=pk)
    form = MembershipForm(request.POST or None, group=group, user=request.user)
    if done := already_saved(request, form):
        return done
    if request.method == "POST" and form.is_valid():
        fields = {name: value for name, value in form.cleaned_data.items() if name != TOKEN_FIELD}
        try:
            membership = save_once(
                request,
                form,
                lambda: services.add_member(group, **fields),
                url=lambda membership: group.get_absolute_url(),
            )
        except AlreadySaved as twin:
            return twin.response(request)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("%(person)s is now a member of %(group)s.")
                % {"person": membership.person, "group": group},
            )
            return redirect(group)
    return render(request, "communities/membership_form.html", {"group": group, "form": form})


@fieldwork_required
def membership_edit(request: HttpRequest, pk: int) -> HttpResponse:
    membership = _membership(request, pk)
    form = MembershipEditForm(request.POST or None, membership=membership)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_membership(membership, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("The membership of %(person)s is saved.") % {"person": membership.person},
            )
            return redirect(membership.group)
    return render(
        request,
        "communities/membership_form.html",
        {"group": membership.group, "membership": membership, "form": form},
    )


@fieldwork_required
def membership_end(request: HttpRequest, pk: int) -> HttpResponse:
    membership = _membership(request, pk)
    form = EndMembershipForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.end_membership(membership, on=form.cleaned_data["end"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("The membership of %(person)s in %(group)s ended on %(end)s.")
                % {
                    "person": membership.person,
                    "group": membership.group,
                    "end": date_format(form.cleaned_data["end"]),
                },
            )
            return redirect(membership.group)
    return render(
        request,
        "communities/membership_end.html",
        {"group": membership.group, "membership": membership, "form": form},
    )
