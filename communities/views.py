from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from communities.selectors import communities_for_home

HOME_PAGE_SIZE = 25


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
