"""A concern's story: raised, scored, planned for, monitored, evaluated, across cycles."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from cswg_portal.access import fieldwork_required, scoped_or_404
from cycles.models import Concern, SensitiveConcernRead
from cycles.selectors import concern_story


@fieldwork_required
def concern_detail(request: HttpRequest, pk: int) -> HttpResponse:
    concern = scoped_or_404(
        Concern.objects.select_related("cycle__group").with_text_access(request.user),
        request.user,
        pk=pk,
    )
    chapters = concern_story(concern, request.user)
    SensitiveConcernRead.objects.record(
        [chapter.concern for chapter in chapters if chapter.concern.text_access],
        request.user,
        request.path,
    )
    return render(
        request,
        "cycles/concern_detail.html",
        {
            "concern": concern,
            "cycle": concern.cycle,
            "group": concern.cycle.group,
            "chapters": chapters,
        },
    )
