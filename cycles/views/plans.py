"""PLACEHOLDER: replaced by the page's implementation."""

from django.http import Http404

from cswg_portal.access import fieldwork_required


@fieldwork_required
def plan_add(request, pk):
    raise Http404


@fieldwork_required
def plan_detail(request, pk):
    raise Http404


@fieldwork_required
def plan_edit(request, pk):
    raise Http404


@fieldwork_required
def plan_submit(request, pk):
    raise Http404
