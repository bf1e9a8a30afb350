"""The cycle page (the five steps as a stepper, the next action) and moving a cycle."""

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from communities.models import Group
from cswg_portal.access import fieldwork_required, scoped_or_404
from cswg_portal.submissions import AlreadySaved, already_saved, save_once
from cycles import services
from cycles.forms.back_office import MoveBackForm, StepNoteForm
from cycles.forms.cycles import ContextForm, StartCycleForm
from cycles.models import ActionPlan, Activity, Concern, Consultation, Cycle, Evaluation
from cycles.selectors import consultation_totals


@dataclass(frozen=True)
class NextAction:
    """The one thing to do next: a link, or (`advance`) the button that moves the cycle on."""

    label: str
    url: str
    advance: bool = False


@dataclass(frozen=True)
class StepView:
    number: int
    label: str
    state: str  # "done", "current" or "ahead"


def _step_views(cycle: Cycle) -> list[StepView]:
    def state(number: int) -> str:
        if cycle.is_closed or number < cycle.step:
            return "done"
        return "current" if number == cycle.step else "ahead"

    return [StepView(value, label, state(value)) for value, label in Cycle.Step.choices]


def _overview(cycle: Cycle) -> dict:
    """What each step of the cycle holds, in a handful of queries."""
    consultations = cycle.consultations.all()
    concerns = cycle.concerns.aggregate(
        total=Count("pk"), picked=Count("pk", filter=Q(status__in=Concern.Status.picked()))
    )
    plans = list(cycle.plans.annotate(activity_count=Count("activities")).order_by("pk"))
    activities = Activity.objects.filter(
        plan__cycle=cycle, plan__status__in=ActionPlan.Status.approved()
    )
    activity_counts = activities.aggregate(
        total=Count("pk"),
        done=Count("pk", filter=Q(status__in=Activity.Status.finished())),
    )
    return {
        "trainings": consultations.filter(kind=Consultation.Kind.TRAINING).count(),
        "consultations": consultation_totals(consultations.exclude(kind=Consultation.Kind.TRAINING))
        | {"count": consultations.exclude(kind=Consultation.Kind.TRAINING).count()},
        "concerns": concerns,
        "plans": plans,
        "activities": activity_counts,
        "unfinished": list(
            activities.unfinished().select_related("plan").order_by("planned_end", "pk")[:5]
        ),
        "evaluation": Evaluation.objects.filter(cycle=cycle).first(),
    }


def _next_action(cycle: Cycle, overview: dict, missing: list[str]) -> NextAction | None:
    """The next step of the work, in the order the cycle asks for it."""
    if cycle.is_closed:
        following = Cycle.objects.filter(previous=cycle).first()
        if following:
            return NextAction(_("Go to the next cycle"), following.get_absolute_url())
        return NextAction(_("Start the next cycle"), reverse("cycles:cycle-next", args=[cycle.pk]))
    if not missing and cycle.step < Cycle.Step.EVALUATION:
        return NextAction(
            _("Move on to step %(step)d") % {"step": cycle.step + 1},
            reverse("cycles:cycle-advance", args=[cycle.pk]),
            advance=True,
        )
    step = cycle.step
    if step == Cycle.Step.PREPARATION:
        return NextAction(
            _("Write the context analysis"), reverse("cycles:cycle-context", args=[cycle.pk])
        )
    if step == Cycle.Step.PRIORITISATION:
        if not overview["concerns"]["total"]:
            return NextAction(
                _("Log a consultation"),
                reverse("cycles:consultation-add", args=[cycle.group_id]),
            )
        return NextAction(
            _("Prioritise the concerns"), reverse("cycles:priorities", args=[cycle.pk])
        )
    if step == Cycle.Step.PLANNING:
        for plan in overview["plans"]:
            if plan.is_editable:
                return NextAction(
                    _("Finish and submit “%(plan)s”") % {"plan": plan}, plan.get_absolute_url()
                )
        if any(plan.status == ActionPlan.Status.SUBMITTED for plan in overview["plans"]):
            return None  # Waiting for the partner's review: nothing for the group to do here.
        return NextAction(_("Draft an action plan"), reverse("cycles:plan-add", args=[cycle.pk]))
    if step == Cycle.Step.IMPLEMENTATION:
        activity = overview["unfinished"][0] if overview["unfinished"] else None
        if activity:
            return NextAction(
                _("Update “%(activity)s”") % {"activity": activity},
                reverse("cycles:activity-update", args=[activity.pk]),
            )
        return None
    if overview["evaluation"] is None:
        return NextAction(_("Record the evaluation"), reverse("cycles:evaluation", args=[cycle.pk]))
    return NextAction(_("Close the cycle"), reverse("cycles:cycle-close", args=[cycle.pk]))


def _cycle(request: HttpRequest, pk: int) -> Cycle:
    return scoped_or_404(
        Cycle.objects.select_related("group__partner", "previous"), request.user, pk=pk
    )


@fieldwork_required
def cycle_detail(request: HttpRequest, pk: int) -> HttpResponse:
    cycle = _cycle(request, pk)
    overview = _overview(cycle)
    missing = services.missing_for_next(cycle)
    return render(
        request,
        "cycles/cycle_detail.html",
        {
            "cycle": cycle,
            "group": cycle.group,
            "steps": _step_views(cycle),
            "overview": overview,
            "missing": missing,
            "next_action": _next_action(cycle, overview, missing),
            "step_changes": cycle.step_changes.select_related("changed_by").order_by(
                "-changed_at", "-pk"
            )[:10],
            "following": Cycle.objects.filter(previous=cycle).first(),
            "missing_context": cycle.missing_context(),
        },
    )


@fieldwork_required
def cycle_start(request: HttpRequest, group: int) -> HttpResponse:
    group = scoped_or_404(Group, request.user, pk=group)
    open_cycle = group.cycles.open().first()
    form = StartCycleForm(request.POST or None)
    if done := already_saved(request, form):
        return done
    if request.method == "POST" and open_cycle is None and form.is_valid():
        try:
            cycle = save_once(
                request,
                form,
                lambda: services.start_cycle(
                    group,
                    request.user,
                    on=form.cleaned_data["started_on"],
                    facilitation=form.cleaned_data["facilitation"],
                ),
                url=Cycle.get_absolute_url,
            )
        except AlreadySaved as twin:
            return twin.response(request)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Cycle %(number)d of %(group)s has started.")
                % {"number": cycle.number, "group": group},
            )
            return redirect(cycle)
    elif request.method == "POST" and open_cycle is not None:
        messages.error(
            request, _("This group already has an open cycle: close it before starting another.")
        )
        return redirect(open_cycle)
    return render(
        request,
        "cycles/cycle_start.html",
        {"group": group, "open_cycle": open_cycle, "form": form},
    )


@fieldwork_required
def cycle_context(request: HttpRequest, pk: int) -> HttpResponse:
    cycle = _cycle(request, pk)
    form = ContextForm(request.POST or None, instance=cycle)
    if request.method == "POST" and not cycle.is_closed and form.is_valid():
        try:
            services.update_context(
                cycle,
                request.user,
                **{name: form.cleaned_data[name] for name in Cycle.CONTEXT_FIELDS},
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The context analysis is saved."))
            return redirect(cycle)
    return render(
        request, "cycles/cycle_context.html", {"cycle": cycle, "group": cycle.group, "form": form}
    )


@fieldwork_required
def cycle_advance(request: HttpRequest, pk: int) -> HttpResponse:
    cycle = _cycle(request, pk)
    form = StepNoteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.advance(cycle, request.user, form.cleaned_data["reason"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("The cycle is now at step %(step)s.") % {"step": cycle.get_step_display()},
            )
            return redirect(cycle)
    missing = (
        []
        if cycle.is_closed or cycle.step == Cycle.Step.EVALUATION
        else services.missing_for_step(cycle, cycle.step + 1)
    )
    return render(
        request,
        "cycles/cycle_advance.html",
        {"cycle": cycle, "group": cycle.group, "form": form, "missing": missing},
    )


@fieldwork_required
def cycle_back(request: HttpRequest, pk: int) -> HttpResponse:
    cycle = _cycle(request, pk)
    form = MoveBackForm(request.POST or None, cycle=cycle)
    if request.method == "POST" and not cycle.is_closed and form.is_valid():
        try:
            services.move_back(
                cycle, form.cleaned_data["to_step"], form.cleaned_data["reason"], request.user
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("The cycle is back at step %(step)s.") % {"step": cycle.get_step_display()},
            )
            return redirect(cycle)
    return render(
        request, "cycles/cycle_back.html", {"cycle": cycle, "group": cycle.group, "form": form}
    )
