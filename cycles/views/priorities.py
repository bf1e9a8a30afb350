"""PLACEHOLDER: replaced by the page's implementation."""

from django.http import Http404

from cswg_portal.access import fieldwork_required


@fieldwork_required
def priorities(request, pk):
    raise Http404


@fieldwork_required
def concern_score(request, pk):
    raise Http404
