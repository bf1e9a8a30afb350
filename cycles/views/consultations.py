"""PLACEHOLDER: replaced by the page's implementation."""

from django.http import Http404

from cswg_portal.access import fieldwork_required


@fieldwork_required
def consultation_add(request, group):
    raise Http404


@fieldwork_required
def consultation_detail(request, pk):
    raise Http404
