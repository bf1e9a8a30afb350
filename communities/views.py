from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from communities.models import Community


@login_required
def home(request):
    communities = (
        Community.objects.visible_to(request.user)
        .select_related("district__region")
        .order_by("district__region__country", "name")
    )
    return render(request, "communities/home.html", {"communities": communities})
