"""Action plans: the editor (plan and its three parts), the plan page, and submitting."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from cswg_portal.access import fieldwork_required, scoped_or_404
from cswg_portal.concurrency import EditConflict
from cswg_portal.submissions import AlreadySaved, already_saved, save_once
from cycles import selectors, services
from cycles.forms.plans import PlanEditor, SubmitPlanForm
from cycles.models import ActionPlan, Concern, Cycle, SensitiveConcernRead


def _plan(request: HttpRequest, pk: int) -> ActionPlan:
    return scoped_or_404(ActionPlan.objects.select_related("cycle__group"), request.user, pk=pk)


def _record_sensitive_reads(request: HttpRequest, concerns) -> None:
    """Log the highly sensitive concerns whose text the page shows to this user."""
    shown = [concern for concern in concerns if concern.is_highly_sensitive and concern.text_access]
    if shown:
        SensitiveConcernRead.objects.record(shown, request.user, request.path)


def _refuse_edit(request: HttpRequest, plan: ActionPlan) -> HttpResponse:
    messages.error(
        request,
        _(
            "“%(plan)s” is %(status)s: it can no longer be changed here. "
            "Ask the partner organisation to return it if something must change."
        )
        % {"plan": plan, "status": plan.get_status_display().lower()},
    )
    return redirect(plan)


def _editor(request: HttpRequest, plan: ActionPlan) -> HttpResponse:
    cycle = plan.cycle
    editor = PlanEditor(plan, request.user, request.POST if request.method == "POST" else None)
    if done := already_saved(request, editor.form):
        return done
    if request.method == "POST" and editor.is_valid():
        try:
            plan = save_once(
                request,
                editor.form,
                lambda: services.save_plan(
                    editor.form.save(commit=False),
                    request.user,
                    concerns=editor.form.cleaned_data["concerns"],
                    parts=editor.formsets,
                ),
                url=ActionPlan.get_absolute_url,
            )
        except AlreadySaved as twin:
            return twin.response(request)
        except EditConflict as conflict:
            editor.show_conflict(conflict)
        except ValidationError as error:
            editor.form.add_error(None, error)
        else:
            return _after_save(request, plan)
    if request.method == "POST":
        editor.focus_first_error()
    elif plan.pk is None:
        editor.form.fields["title"].widget.attrs["autofocus"] = True
    concerns = list(editor.form.fields["concerns"].queryset)
    _record_sensitive_reads(request, concerns)
    return render(
        request,
        "cycles/plan_form.html",
        {
            "cycle": cycle,
            "group": cycle.group,
            "plan": plan if plan.pk else None,
            "editor": editor,
            "money": selectors.plan_money(plan) if plan.pk else [],
            "missing": services.missing_for_submission(plan) if plan.pk else [],
            "has_concerns": bool(concerns),
            "last_return": _last_return(plan),
        },
    )


def _last_return(plan: ActionPlan):
    """The reviewer's last return of a plan that is (still) returned, or None."""
    if plan.pk is None or plan.status != ActionPlan.Status.RETURNED:
        return None
    return (
        plan.events.filter(to_status=ActionPlan.Status.RETURNED)
        .select_related("by")
        .order_by("at", "pk")
        .last()
    )


def _after_save(request: HttpRequest, plan: ActionPlan) -> HttpResponse:
    """Submit if asked; a refused submission leaves the draft saved and says what is missing."""
    if "submit" not in request.POST:
        messages.success(request, _("The draft of “%(plan)s” is saved.") % {"plan": plan})
        return redirect(plan)
    try:
        services.submit_plan(plan, request.user)
    except ValidationError as error:
        messages.warning(
            request,
            _("The draft is saved but not submitted yet. Still missing: %(missing)s")
            % {"missing": " ".join(error.messages)},
        )
        return redirect("cycles:plan-edit", pk=plan.pk)
    messages.success(
        request,
        _("“%(plan)s” is saved and submitted to the partner organisation for review.")
        % {"plan": plan},
    )
    return redirect(plan)


@fieldwork_required
def plan_add(request: HttpRequest, pk: int) -> HttpResponse:
    cycle = scoped_or_404(Cycle.objects.select_related("group"), request.user, pk=pk)
    if cycle.is_closed:
        messages.error(request, _("%(cycle)s is closed: it takes no new plans.") % {"cycle": cycle})
        return redirect(cycle)
    return _editor(request, ActionPlan(cycle=cycle))


@fieldwork_required
def plan_edit(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _plan(request, pk)
    if not plan.is_editable:
        return _refuse_edit(request, plan)
    return _editor(request, plan)


@fieldwork_required
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _plan(request, pk)
    concerns = list(
        Concern.objects.visible_to(request.user)
        .filter(plans=plan)
        .with_text_access(request.user)
        .order_by("pk")
    )
    _record_sensitive_reads(request, concerns)
    events = list(plan.events.select_related("by").order_by("at", "pk"))
    returns = [event for event in events if event.to_status == ActionPlan.Status.RETURNED]
    return render(
        request,
        "cycles/plan_detail.html",
        {
            "plan": plan,
            "cycle": plan.cycle,
            "group": plan.cycle.group,
            "concerns": concerns,
            "criteria": plan.criteria.all(),
            "activities": plan.activities.all(),
            "contributions": plan.contributions.select_related("activity"),
            "money": selectors.plan_money(plan),
            "events": events,
            "last_return": returns[-1] if returns else None,
            "missing": services.missing_for_submission(plan) if plan.is_editable else [],
        },
    )


@fieldwork_required
def plan_submit(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _plan(request, pk)
    form = SubmitPlanForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.submit_plan(plan, request.user, form.cleaned_data["comment"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("“%(plan)s” is submitted to the partner organisation for review.")
                % {"plan": plan},
            )
            return redirect(plan)
    return render(
        request,
        "cycles/plan_submit.html",
        {
            "plan": plan,
            "cycle": plan.cycle,
            "group": plan.cycle.group,
            "form": form,
            "missing": services.missing_for_submission(plan) if plan.is_editable else [],
        },
    )
