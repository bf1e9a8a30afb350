"""Starting a cycle and moving it through its five steps, each move on record."""

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Q
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from communities.models import Group, User
from cycles.models import (
    ActionPlan,
    Activity,
    Concern,
    ConcernSource,
    Cycle,
    CycleStepChange,
    Evaluation,
)

Step = Cycle.Step


def _lock(cycle: Cycle) -> None:
    """Re-read the cycle under a row lock, so that two people moving it at once cannot both win."""
    fresh = Cycle.objects.select_for_update().get(pk=cycle.pk)
    cycle.step, cycle.closed_on = fresh.step, fresh.closed_on


def _log(
    cycle: Cycle,
    user: User,
    action: str,
    to_step: int,
    from_step: int | None = None,
    reason: str = "",
) -> CycleStepChange:
    return CycleStepChange.objects.create(
        cycle=cycle,
        action=action,
        from_step=from_step,
        to_step=to_step,
        changed_by=user,
        reason=reason,
    )


def _save(cycle: Cycle, user: User, fields: list[str]) -> None:
    cycle._history_user = user
    cycle.save(update_fields=fields)


def missing_for_step(cycle: Cycle, step: int) -> list[str]:
    """What the cycle still lacks before it may enter `step` (2 to 5); empty when ready.

    Each step checks the work of the step before it:
    2 needs the step 1 context analysis written (drivers, dividers, connectors, actors, risks);
    3 needs at least one concern the group prioritised (in the cycle or addressed by its plans);
    4 needs an approved action plan;
    5 needs every activity of approved plans done or cancelled, or a reason recorded for it.
    """
    if step == Step.PRIORITISATION:
        return [
            _("The context analysis has no %(part)s yet.") % {"part": part}
            for part in cycle.missing_context()
        ]
    if step == Step.PLANNING:
        prioritised = Concern.objects.picked().filter(Q(cycle=cycle) | Q(plans__cycle=cycle))
        if not prioritised.exists():
            return [_("No concern has been prioritised yet: the group must choose at least one.")]
        return []
    if step == Step.IMPLEMENTATION:
        if not ActionPlan.objects.approved().filter(cycle=cycle).exists():
            return [_("No action plan of this cycle has been approved yet.")]
        return []
    if step == Step.EVALUATION:
        unfinished = (
            Activity.objects.unfinished()
            .filter(plan__cycle=cycle, plan__status__in=ActionPlan.Status.approved())
            .select_related("plan")
        )
        return [
            _(
                "Activity “%(activity)s” of “%(plan)s” is %(status)s: mark it done or "
                "cancelled, or record why it is not done."
            )
            % {
                "activity": activity,
                "plan": activity.plan,
                "status": activity.get_status_display().lower(),
            }
            for activity in unfinished
        ]
    raise ValueError(f"A cycle only moves into steps 2 to 5, not {step}.")


def missing_for_close(cycle: Cycle) -> list[str]:
    """What the cycle still lacks before it may close; empty when ready."""
    missing = []
    if cycle.step != Step.EVALUATION:
        missing.append(
            _("The cycle is at step %(step)d; it closes from step 5.") % {"step": cycle.step}
        )
    if not Evaluation.objects.filter(cycle=cycle).exists():
        missing.append(_("The cycle has no evaluation yet: record it before closing."))
    return missing


def missing_for_next(cycle: Cycle) -> list[str]:
    """What is missing for the cycle's next move: the next step, or closing at step 5."""
    if cycle.is_closed:
        return []
    if cycle.step == Step.EVALUATION:
        return missing_for_close(cycle)
    return missing_for_step(cycle, cycle.step + 1)


def _refuse_if_closed(cycle: Cycle) -> None:
    if cycle.is_closed:
        raise ValidationError(_("This cycle is closed."))


@transaction.atomic
def register_cycle(cycle: Cycle, user: User, reason: str = "") -> Cycle:
    """Save a new, unsaved cycle (numbering it after the group's last one) and log its start."""
    if cycle.group.cycles.open().exists():
        raise ValidationError(
            _("%(group)s already has an open cycle: close it before starting another.")
            % {"group": cycle.group}
        )
    if cycle.number is None:
        last = cycle.group.cycles.aggregate(last=Max("number"))["last"] or 0
        cycle.number = last + 1
    cycle.full_clean()
    cycle._history_user = user
    cycle.save()
    _log(cycle, user, CycleStepChange.Action.STARTED, to_step=cycle.step, reason=reason)
    return cycle


def start_cycle(
    group: Group,
    user: User,
    *,
    on: datetime.date,
    facilitation: str,
    previous: Cycle | None = None,
    **context: str,
) -> Cycle:
    """Start a group's next cycle at step 1; `context` may fill in the step 1 analysis."""
    cycle = Cycle(
        group=group, facilitation=facilitation, started_on=on, previous=previous, **context
    )
    return register_cycle(cycle, user)


@transaction.atomic
def update_context(cycle: Cycle, user: User, **context: str) -> Cycle:
    """Write the step-1 context analysis (conflict drivers, dividers, connectors, actors,
    risks); refused once the cycle is closed."""
    unknown = set(context) - set(Cycle.CONTEXT_FIELDS)
    if unknown:
        raise ValueError(f"Not context fields: {sorted(unknown)}")
    _lock(cycle)
    _refuse_if_closed(cycle)
    for name, value in context.items():
        setattr(cycle, name, value.strip())
    cycle.full_clean()
    _save(cycle, user, list(context))
    return cycle


@transaction.atomic
def advance(cycle: Cycle, user: User, reason: str = "") -> Cycle:
    """Move the cycle one step forward, or explain what is missing (ValidationError)."""
    _lock(cycle)
    _refuse_if_closed(cycle)
    if cycle.step == Step.EVALUATION:
        raise ValidationError(_("Step 5 is the last step: close the cycle instead."))
    missing = missing_for_step(cycle, cycle.step + 1)
    if missing:
        raise ValidationError(missing)
    from_step = cycle.step
    cycle.step += 1
    _save(cycle, user, ["step"])
    _log(cycle, user, CycleStepChange.Action.ADVANCED, cycle.step, from_step, reason.strip())
    return cycle


@transaction.atomic
def move_back(cycle: Cycle, to_step: int, reason: str, user: User) -> Cycle:
    """Move the cycle back to an earlier step; the reason is required and kept."""
    _lock(cycle)
    _refuse_if_closed(cycle)
    if not 1 <= to_step < cycle.step:
        raise ValidationError(
            _("A cycle can only move back to an earlier step; this one is at step %(step)d.")
            % {"step": cycle.step}
        )
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Give a reason for moving the cycle back."))
    from_step = cycle.step
    cycle.step = to_step
    _save(cycle, user, ["step"])
    _log(cycle, user, CycleStepChange.Action.MOVED_BACK, to_step, from_step, reason)
    return cycle


@transaction.atomic
def close_cycle(cycle: Cycle, user: User, on: datetime.date) -> Cycle:
    """Close the cycle after its evaluation. Its unresolved concerns wait for the next one."""
    _lock(cycle)
    _refuse_if_closed(cycle)
    missing = missing_for_close(cycle)
    if missing:
        raise ValidationError(missing)
    if on < cycle.started_on:
        raise ValidationError(
            _("A cycle cannot close before it started (%(date)s).") % {"date": cycle.started_on}
        )
    cycle.closed_on = on
    _save(cycle, user, ["closed_on"])
    _log(cycle, user, CycleStepChange.Action.CLOSED, cycle.step, cycle.step)
    return cycle


@transaction.atomic
def start_next_cycle(
    cycle: Cycle,
    user: User,
    on: datetime.date,
    facilitation: str | None = None,
    carry: Iterable[Concern] | None = None,
) -> Cycle:
    """Start the cycle after a closed one, carrying its unresolved concerns over.

    Each open, prioritised or being-addressed concern continues as a new concern of the new
    cycle (status open, to be prioritised again) pointing back at the old one, which is
    marked carried over. Scores, consultations and plans stay with the old cycle.
    With `carry`, only those concerns go on; the group's other unresolved ones are dropped,
    with a note saying so, so that none is lost silently.
    """
    _lock(cycle)
    if not cycle.is_closed:
        raise ValidationError(_("Close this cycle before starting the next one."))
    if Cycle.objects.filter(previous=cycle).exists():
        raise ValidationError(_("This cycle has already been followed by another one."))
    if on < cycle.closed_on:
        raise ValidationError(
            _("The next cycle cannot start before this one closed (%(date)s).")
            % {"date": cycle.closed_on}
        )
    new = register_cycle(
        Cycle(
            group=cycle.group,
            facilitation=facilitation or cycle.facilitation,
            started_on=on,
            previous=cycle,
        ),
        user,
    )
    unresolved = cycle.concerns.unresolved()
    if carry is not None:
        chosen = {concern.pk for concern in carry}
        if chosen - set(unresolved.values_list("pk", flat=True)):
            raise ValidationError(_("Only this cycle's unresolved concerns can be carried over."))
        left = unresolved.exclude(pk__in=chosen)
        for concern in left:
            concern.status = Concern.Status.DROPPED
            concern.status_note = _("Not carried over to cycle %(number)d.") % {
                "number": new.number
            }
            concern._history_user = user
            concern.save(update_fields=["status", "status_note"])
        unresolved = unresolved.filter(pk__in=chosen)
    for old in unresolved.prefetch_related("raised_by"):
        carried = Concern(
            cycle=new,
            title=old.title,
            description=old.description,
            category=old.category,
            sensitivity=old.sensitivity,
            carried_from=old,
        )
        carried._history_user = user
        carried.save()
        bulk_create_with_history(
            [
                ConcernSource(concern=carried, who=source.who, ethnicity=source.ethnicity)
                for source in old.raised_by.all()
            ],
            ConcernSource,
            default_user=user,
        )
        old.status = Concern.Status.CARRIED_OVER
        old._history_user = user
        old.save(update_fields=["status"])
    return new
