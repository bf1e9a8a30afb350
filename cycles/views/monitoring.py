"""Steps 4 and 5: monitoring an activity, the evaluation, closing and starting the next cycle."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cswg_portal.access import fieldwork_required, scoped_or_404
from cswg_portal.concurrency import EditConflict
from cswg_portal.submissions import AlreadySaved, already_saved, save_once
from cycles import services
from cycles.forms.headcount import HEADCOUNT_HELP, HeadcountForm
from cycles.forms.monitoring import (
    CloseCycleForm,
    EvaluationForm,
    MonitoringUpdateForm,
    NextCycleForm,
)
from cycles.models import (
    ActionPlan,
    Activity,
    Concern,
    Cycle,
    Evaluation,
    MonitoringUpdate,
    SensitiveConcernRead,
    SuccessCriterion,
)


def _cycle(request: HttpRequest, pk: int) -> Cycle:
    return scoped_or_404(Cycle.objects.select_related("group"), request.user, pk=pk)


def _show(form, error: ValidationError) -> None:
    """Put a service's refusal beside the fields it names, or above the form."""
    if hasattr(error, "error_dict") and set(error.error_dict) <= set(form.fields):
        form.add_error(None, error)
    else:
        form.add_error(None, error.messages)


def _save_update(activity: Activity, user, form: MonitoringUpdateForm, reach: HeadcountForm):
    """The update, its reach and criteria, and corrected dates: all saved or none."""
    data = form.cleaned_data
    with transaction.atomic():
        update = services.record_monitoring_update(
            activity,
            user,
            reported_on=data["reported_on"],
            status=data["status"],
            progress=data["progress"],
            evidence=data["evidence"],
            reached=reach.cells(),
            criteria_progress=form.criteria_progress(),
            not_done_reason=data["not_done_reason"],
        )
        # The update fills in missing dates from its own; what the user typed wins.
        start = data["actual_start"] or activity.actual_start
        end = data["actual_end"] or activity.actual_end
        if (start, end) != (activity.actual_start, activity.actual_end):
            services.correct_activity_dates(activity, user, actual_start=start, actual_end=end)
    return update


@fieldwork_required
def activity_update(request: HttpRequest, pk: int) -> HttpResponse:
    activity = scoped_or_404(
        Activity.objects.with_reach().select_related("plan__cycle__group"), request.user, pk=pk
    )
    plan, cycle = activity.plan, activity.plan.cycle
    criteria = SuccessCriterion.objects.filter(plan=plan).order_by("pk")
    can_update = not cycle.is_closed and plan.status in ActionPlan.Status.approved()
    data = request.POST if request.method == "POST" and can_update else None
    form = MonitoringUpdateForm(data, activity=activity, criteria=criteria)
    reach = HeadcountForm(data, prefix="reach")
    if done := already_saved(request, form):
        return done
    if data is not None and form.is_valid() & reach.is_valid():
        try:
            save_once(
                request,
                form,
                lambda: _save_update(activity, request.user, form, reach),
                url=lambda update: reverse("cycles:activity-update", args=[activity.pk]),
            )
        except AlreadySaved as twin:
            return twin.response(request)
        except EditConflict as conflict:
            form.refuse_stale(conflict.expected)
        except ValidationError as error:
            _show(form, error)
        else:
            messages.success(
                request,
                _("The update of “%(activity)s” is recorded.") % {"activity": activity},
            )
            return redirect("cycles:activity-update", pk=activity.pk)
    updates = (
        MonitoringUpdate.objects.filter(activity=activity)
        .with_reach()
        .select_related("reported_by")
        .prefetch_related("criteria_progress__criterion")
    )
    return render(
        request,
        "cycles/activity_update.html",
        {
            "activity": activity,
            "plan": plan,
            "cycle": cycle,
            "group": cycle.group,
            "form": form,
            "reach": reach,
            "reach_help": HEADCOUNT_HELP,
            "can_update": can_update,
            "updates": updates,
        },
    )


@fieldwork_required
def evaluation(request: HttpRequest, pk: int) -> HttpResponse:
    cycle = _cycle(request, pk)
    existing = Evaluation.objects.filter(cycle=cycle).prefetch_related("results__criterion").first()
    criteria = (
        SuccessCriterion.objects.filter(
            plan__cycle=cycle, plan__status__in=ActionPlan.Status.approved()
        )
        .select_related("plan")
        .order_by("plan__title", "pk")
    )
    can_edit = not cycle.is_closed and (existing or cycle.step == Cycle.Step.EVALUATION)
    data = request.POST if request.method == "POST" and can_edit else None
    form = EvaluationForm(data, instance=existing or Evaluation(cycle=cycle), criteria=criteria)
    if done := already_saved(request, form):
        return done
    if data is not None and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in EvaluationForm.Meta.fields}
        try:
            if existing:
                services.update_evaluation(existing, request.user, results=form.results(), **fields)
            else:
                save_once(
                    request,
                    form,
                    lambda: services.record_evaluation(
                        cycle, request.user, results=form.results(), **fields
                    ),
                    url=lambda evaluation: cycle.get_absolute_url(),
                )
        except AlreadySaved as twin:
            return twin.response(request)
        except EditConflict as conflict:
            form.refuse_stale(conflict.expected)
        except ValidationError as error:
            _show(form, error)
        else:
            messages.success(
                request,
                _("The evaluation is updated.") if existing else _("The evaluation is recorded."),
            )
            return redirect(cycle)
    results = {row.criterion_id: row for row in existing.results.all()} if existing else {}
    return render(
        request,
        "cycles/evaluation.html",
        {
            "cycle": cycle,
            "group": cycle.group,
            "evaluation": existing,
            "form": form,
            "can_edit": can_edit,
            "criteria_results": [(criterion, results.get(criterion.pk)) for criterion in criteria],
        },
    )


@fieldwork_required
def cycle_close(request: HttpRequest, pk: int) -> HttpResponse:
    cycle = _cycle(request, pk)
    form = CloseCycleForm(request.POST or None)
    if request.method == "POST" and not cycle.is_closed and form.is_valid():
        try:
            services.close_cycle(cycle, request.user, form.cleaned_data["closed_on"])
        except ValidationError as error:
            _show(form, error)
        else:
            messages.success(request, _("%(cycle)s is closed.") % {"cycle": cycle})
            return redirect(cycle)
    missing = [] if cycle.is_closed else services.missing_for_close(cycle)
    return render(
        request,
        "cycles/cycle_close.html",
        {"cycle": cycle, "group": cycle.group, "form": form, "missing": missing},
    )


@fieldwork_required
def cycle_next(request: HttpRequest, pk: int) -> HttpResponse:
    cycle = _cycle(request, pk)
    following = Cycle.objects.filter(previous=cycle).first()
    concerns = list(
        cycle.concerns.unresolved().with_text_access(request.user).order_by("title", "pk")
    )
    can_start = cycle.is_closed and following is None
    form = NextCycleForm(
        request.POST if request.method == "POST" and can_start else None,
        cycle=cycle,
        concerns=Concern.objects.filter(pk__in=[concern.pk for concern in concerns])
        .with_text_access(request.user)
        .order_by("title", "pk"),
    )
    if done := already_saved(request, form):
        return done
    if form.is_bound and form.is_valid():
        try:
            new = save_once(
                request,
                form,
                lambda: services.start_next_cycle(
                    cycle,
                    request.user,
                    form.cleaned_data["started_on"],
                    form.cleaned_data["facilitation"],
                    carry=form.cleaned_data["carry"],
                ),
                url=Cycle.get_absolute_url,
            )
        except AlreadySaved as twin:
            return twin.response(request)
        except ValidationError as error:
            _show(form, error)
        else:
            messages.success(
                request,
                ngettext(
                    "Cycle %(number)d has started; %(count)d concern was carried over.",
                    "Cycle %(number)d has started; %(count)d concerns were carried over.",
                    len(form.cleaned_data["carry"]),
                )
                % {"number": new.number, "count": len(form.cleaned_data["carry"])},
            )
            return redirect(new)
    if can_start:
        SensitiveConcernRead.objects.record(
            [concern for concern in concerns if concern.text_access], request.user, request.path
        )
    return render(
        request,
        "cycles/cycle_next.html",
        {
            "cycle": cycle,
            "group": cycle.group,
            "form": form,
            "following": following,
            "can_start": can_start,
            "concerns": concerns,
        },
    )
