"""PLACEHOLDER: replaced by the page's implementation."""

from django.http import Http404

from cswg_portal.access import fieldwork_required


@fieldwork_required
def activity_update(request, pk):
    raise Http404


@fieldwork_required
def evaluation(request, pk):
    raise Http404


@fieldwork_required
def cycle_close(request, pk):
    raise Http404


@fieldwork_required
def cycle_next(request, pk):
    raise Http404
