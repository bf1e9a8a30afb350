"""Action plans: writing them, the partner's review, and carrying them out."""

import datetime
from collections.abc import Iterable
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext as _

from communities.models import Organisation, User
from cycles.models import (
    ActionPlan,
    Activity,
    Concern,
    Contribution,
    Cycle,
    PlanEvent,
    SuccessCriterion,
)

Status = ActionPlan.Status


def _log(plan: ActionPlan, user: User, from_status: str, comment: str = "") -> PlanEvent:
    return PlanEvent.objects.create(
        plan=plan, from_status=from_status, to_status=plan.status, by=user, comment=comment
    )


@transaction.atomic
def create_plan(
    cycle: Cycle,
    user: User,
    *,
    title: str,
    concerns: Iterable[Concern] = (),
    objective: str = "",
    harm_risks: str = "",
    tension_avoidance: str = "",
    criteria: Iterable[tuple[str, str, str]] = (),
) -> ActionPlan:
    """Draft a plan; `criteria` are (criterion, baseline, target) in the community's words."""
    if cycle.is_closed:
        raise ValidationError(_("%(cycle)s is closed.") % {"cycle": cycle})
    plan = ActionPlan(
        cycle=cycle,
        title=title,
        objective=objective,
        harm_risks=harm_risks,
        tension_avoidance=tension_avoidance,
    )
    plan.full_clean()
    plan._history_user = user
    plan.save()
    plan.concerns.set(concerns)
    for description, baseline, target in criteria:
        add_criterion(plan, description=description, baseline=baseline, target=target)
    _log(plan, user, from_status="")
    return plan


def add_criterion(
    plan: ActionPlan, *, description: str, baseline: str, target: str
) -> SuccessCriterion:
    criterion = SuccessCriterion(
        plan=plan, description=description, baseline=baseline, target=target
    )
    criterion.full_clean()
    criterion.save()
    return criterion


@transaction.atomic
def add_activity(
    plan: ActionPlan,
    *,
    title: str,
    kind: str,
    responsible: str = "",
    planned_start: datetime.date | None = None,
    planned_end: datetime.date | None = None,
    seed_grant: Decimal | None = None,
    currency: str = "",
    taking_part: Iterable[Organisation] = (),
) -> Activity:
    """Add an activity; a seed grant comes with its currency."""
    activity = Activity(
        plan=plan,
        title=title,
        kind=kind,
        responsible=responsible,
        planned_start=planned_start,
        planned_end=planned_end,
        seed_grant=seed_grant,
        seed_grant_currency=currency,
    )
    activity.full_clean()
    activity.save()
    activity.taking_part.set(taking_part)
    return activity


def add_contribution(
    plan: ActionPlan,
    *,
    source: str,
    kind: str,
    pledged_by: str,
    value_pledged: Decimal,
    currency: str,
    value_delivered: Decimal = Decimal("0"),
    activity: Activity | None = None,
    description: str = "",
) -> Contribution:
    """Record a local contribution pledged to the plan (and how much of it arrived)."""
    contribution = Contribution(
        plan=plan,
        activity=activity,
        source=source,
        kind=kind,
        pledged_by=pledged_by,
        description=description,
        value_pledged=value_pledged,
        value_delivered=value_delivered,
        currency=currency,
    )
    contribution.full_clean()
    contribution.save()
    return contribution


def missing_for_submission(plan: ActionPlan) -> list[str]:
    """What the plan lacks before a partner can review it; empty when complete."""
    missing = []
    if plan.cycle.is_closed:
        missing.append(_("%(cycle)s is closed.") % {"cycle": plan.cycle})
    if not plan.objective.strip():
        missing.append(_("State the plan's objective."))
    if not plan.harm_risks.strip():
        missing.append(_("Do-no-harm check: say who could be harmed or excluded."))
    if not plan.tension_avoidance.strip():
        missing.append(_("Do-no-harm check: say how tensions will be avoided."))
    if not plan.concerns.exists():
        missing.append(_("Choose the concerns the plan addresses."))
    if not plan.criteria.exists():
        missing.append(
            _("Add at least one success criterion defined by the community, with its baseline.")
        )
    if not plan.activities.exists():
        missing.append(_("Add at least one activity."))
    return missing


def _lock(plan: ActionPlan) -> None:
    plan.status = (
        ActionPlan.objects.select_for_update().values_list("status", flat=True).get(pk=plan.pk)
    )


def _move(plan: ActionPlan, user: User, to_status: str, comment: str = "") -> ActionPlan:
    from_status = plan.status
    plan.status = to_status
    plan._history_user = user
    plan.save(update_fields=["status"])
    _log(plan, user, from_status, comment.strip())
    return plan


def _refuse_unless(plan: ActionPlan, allowed: list[str], message: str) -> None:
    if plan.status not in allowed:
        raise ValidationError(message % {"status": plan.get_status_display().lower()})


@transaction.atomic
def submit_plan(plan: ActionPlan, user: User, comment: str = "") -> ActionPlan:
    """Send a draft or returned plan to the partner for review."""
    _lock(plan)
    _refuse_unless(
        plan,
        Status.editable(),
        _("Only a draft or returned plan can be submitted; this one is %(status)s."),
    )
    missing = missing_for_submission(plan)
    if missing:
        raise ValidationError(missing)
    return _move(plan, user, Status.SUBMITTED, comment)


@transaction.atomic
def approve_plan(plan: ActionPlan, user: User, comment: str = "") -> ActionPlan:
    _lock(plan)
    _refuse_unless(
        plan,
        [Status.SUBMITTED],
        _("Only a submitted plan can be approved; this one is %(status)s."),
    )
    return _move(plan, user, Status.APPROVED, comment)


@transaction.atomic
def return_plan(plan: ActionPlan, user: User, comment: str) -> ActionPlan:
    """Send the plan back to the group; the comment says what has to change."""
    _lock(plan)
    _refuse_unless(
        plan,
        [Status.SUBMITTED],
        _("Only a submitted plan can be returned; this one is %(status)s."),
    )
    if not (comment or "").strip():
        raise ValidationError(_("Say what needs to change: returning a plan needs a comment."))
    return _move(plan, user, Status.RETURNED, comment)


@transaction.atomic
def start_plan(plan: ActionPlan, user: User, comment: str = "") -> ActionPlan:
    """Begin carrying out an approved plan; its prioritised concerns are now being addressed."""
    _lock(plan)
    _refuse_unless(
        plan,
        [Status.APPROVED],
        _("Only an approved plan can be started; this one is %(status)s."),
    )
    for concern in plan.concerns.filter(status=Concern.Status.PRIORITISED):
        concern.status = Concern.Status.BEING_ADDRESSED
        concern._history_user = user
        concern.save(update_fields=["status"])
    return _move(plan, user, Status.IN_PROGRESS, comment)


@transaction.atomic
def complete_plan(plan: ActionPlan, user: User, comment: str = "") -> ActionPlan:
    """Mark a plan completed once each activity is done, cancelled or explained."""
    _lock(plan)
    _refuse_unless(
        plan,
        [Status.IN_PROGRESS],
        _("Only a plan in progress can be completed; this one is %(status)s."),
    )
    unfinished = list(plan.activities.unfinished())
    if unfinished:
        raise ValidationError(
            [
                _(
                    "Activity “%(activity)s” is %(status)s: mark it done or cancelled, "
                    "or record why it is not done."
                )
                % {"activity": activity, "status": activity.get_status_display().lower()}
                for activity in unfinished
            ]
        )
    return _move(plan, user, Status.COMPLETED, comment)


@transaction.atomic
def save_plan(
    plan: ActionPlan,
    user: User,
    *,
    concerns: Iterable[Concern],
    parts: Iterable[BaseInlineFormSet] = (),
) -> ActionPlan:
    """Save a plan as the editor has it, with its parts (valid inline formsets), all or nothing.

    A new plan (no pk) becomes a draft of its cycle; an existing one must still be a draft or
    returned. `concerns` must come from the plan's cycle.
    """
    if plan.pk is None:
        if plan.cycle.is_closed:
            raise ValidationError(_("%(cycle)s is closed.") % {"cycle": plan.cycle})
        plan.status = Status.DRAFT
        created = True
    else:
        _lock(plan)
        _refuse_unless(
            plan,
            Status.editable(),
            _("Only a draft or returned plan can be changed; this one is %(status)s."),
        )
        created = False
    concerns = list(concerns)
    if any(concern.cycle_id != plan.cycle_id for concern in concerns):
        raise ValidationError(_("Choose concerns of this plan's cycle."))
    plan.full_clean()
    plan._history_user = user
    plan.save()
    plan.concerns.set(concerns)
    for formset in parts:
        formset.instance = plan
        formset.save()
    if created:
        _log(plan, user, from_status="")
    return plan
