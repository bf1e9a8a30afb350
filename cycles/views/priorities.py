"""Prioritisation: the cycle's concerns ranked by score, scoring in place, marking and dropping."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from cswg_portal.access import fieldwork_required, scoped_or_404
from cycles import services
from cycles.forms.consultations import DropConcernForm, MarkPrioritiesForm, ScoreForm
from cycles.models import Concern, Cycle, PriorityScore, SensitiveConcernRead
from cycles.selectors import perspective_scores, ranked_concerns

# Concerns the group can still score, mark or drop.
WORKABLE = [Concern.Status.OPEN, Concern.Status.PRIORITISED]


def _cycle(request: HttpRequest, pk: int) -> Cycle:
    return scoped_or_404(Cycle.objects.select_related("group"), request.user, pk=pk)


def _ranking(
    request: HttpRequest,
    cycle: Cycle,
    *,
    scored: Concern | None = None,
    bound: ScoreForm | None = None,
) -> dict:
    """The ranked concerns, each with its scoring form (`bound` for the one just posted)."""
    concerns = list(ranked_concerns(cycle, request.user).prefetch_related("raised_by"))
    scores = {
        score.concern_id: score
        for score in PriorityScore.objects.filter(
            concern__cycle=cycle, perspective=PriorityScore.Perspective.WHOLE_GROUP, ethnicity=""
        )
    }
    rows = [
        (
            concern,
            bound
            if bound is not None and concern.pk == scored.pk
            else ScoreForm.for_concern(concern, scores.get(concern.pk)),
        )
        for concern in concerns
    ]
    SensitiveConcernRead.objects.record(
        [concern for concern in concerns if concern.text_access], request.user, request.path
    )
    return {
        "cycle": cycle,
        "group": cycle.group,
        "rows": rows,
        "scored": scored,
        "workable": WORKABLE,
        "can_change": not cycle.is_closed,
    }


@fieldwork_required
def priorities(request: HttpRequest, pk: int) -> HttpResponse:
    cycle = _cycle(request, pk)
    context = _ranking(request, cycle)
    table = perspective_scores(cycle, request.user)
    # Only worth a table when the women, the youth or an ethnic group scored too.
    context["perspectives"] = table if len(table.columns) > 1 else None
    return render(request, "cycles/priorities.html", context)


@fieldwork_required
@require_POST
def concern_score(request: HttpRequest, pk: int) -> HttpResponse:
    concern = scoped_or_404(Concern.objects.select_related("cycle__group"), request.user, pk=pk)
    cycle = concern.cycle
    form = ScoreForm.for_concern(concern, None, data=request.POST)
    saved = False
    if form.is_valid():
        try:
            services.score_concern(concern, request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            saved = True
    if request.htmx:
        context = _ranking(request, cycle, scored=concern, bound=None if saved else form)
        context["saved"] = saved
        return render(request, "cycles/_priority_list.html", context)
    if saved:
        messages.success(
            request, _("The scores of “%(concern)s” are saved.") % {"concern": concern}
        )
        return redirect(reverse("cycles:priorities", args=[cycle.pk]) + f"#concern-{concern.pk}")
    context = _ranking(request, cycle, scored=concern, bound=form)
    context["perspectives"] = None
    return render(request, "cycles/priorities.html", context)


@fieldwork_required
def priorities_mark(request: HttpRequest, pk: int) -> HttpResponse:
    cycle = _cycle(request, pk)
    candidates = (
        Concern.objects.visible_to(request.user)
        .filter(cycle=cycle, status__in=WORKABLE)
        .order_by("title", "pk")
    )
    form = MarkPrioritiesForm(
        request.POST if request.method == "POST" else None, concerns=candidates
    )
    if request.method == "POST" and not cycle.is_closed and form.is_valid():
        chosen = form.cleaned_data["concerns"]
        try:
            services.prioritise(chosen, request.user)
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(
                request,
                ngettext(
                    "%(count)d concern is marked as a priority.",
                    "%(count)d concerns are marked as priorities.",
                    len(chosen),
                )
                % {"count": len(chosen)},
            )
            return redirect("cycles:priorities", pk=cycle.pk)
    shown = list(candidates)
    if request.method == "GET":
        form.initial = {"concerns": [c.pk for c in shown if c.status == Concern.Status.PRIORITISED]}
    return render(
        request,
        "cycles/priorities_mark.html",
        {"cycle": cycle, "group": cycle.group, "form": form, "has_candidates": bool(shown)},
    )


@fieldwork_required
def concern_drop(request: HttpRequest, pk: int) -> HttpResponse:
    concern = scoped_or_404(Concern.objects.select_related("cycle__group"), request.user, pk=pk)
    cycle = concern.cycle
    form = DropConcernForm(request.POST if request.method == "POST" else None)
    droppable = not cycle.is_closed and concern.status in Concern.Status.unresolved()
    if request.method == "POST" and droppable and form.is_valid():
        try:
            services.drop_concern(concern, request.user, form.cleaned_data["reason"])
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(
                request,
                _("“%(concern)s” is dropped; the reason is on record.") % {"concern": concern},
            )
            return redirect("cycles:priorities", pk=cycle.pk)
    return render(
        request,
        "cycles/concern_drop.html",
        {
            "concern": concern,
            "cycle": cycle,
            "group": cycle.group,
            "form": form,
            "droppable": droppable,
        },
    )
