"""Recording what a group does: consultations, concerns and their scores, monitoring, evaluation."""

import datetime
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from communities.models import Group, User
from cycles.models import (
    Activity,
    ActivityReach,
    Attendance,
    Commitment,
    Concern,
    ConcernSource,
    Consultation,
    CriterionProgress,
    CriterionResult,
    Cycle,
    EthnicAttendance,
    Evaluation,
    MonitoringReach,
    MonitoringUpdate,
    PriorityScore,
    SuccessCriterion,
)

# (gender, age band) -> number of people, e.g. {(Gender.FEMALE, AgeBand.YOUTH_18_28): 12}.
Headcount = Mapping[tuple[str, str], int]


def _refuse_if_closed(cycle: Cycle) -> None:
    if cycle.is_closed:
        raise ValidationError(_("%(cycle)s is closed.") % {"cycle": cycle})


def _save(obj, user: User | None, loaded: Iterable[str] = ()) -> None:
    """Validate and save. `loaded` names foreign keys set to rows just read from the
    database: checking that they exist would cost a query each."""
    obj.full_clean(exclude=list(loaded))
    obj._history_user = user
    obj.save()


@transaction.atomic
def record_consultation(
    group: Group,
    user: User,
    *,
    kind: str,
    held_on: datetime.date,
    cycle: Cycle | None = None,
    place: str = "",
    topic: str = "",
    facilitator: User | None = None,
    attendance: Headcount | None = None,
    ethnic_attendance: Mapping[str, int] | None = None,
    police_attended: bool = False,
    local_authority_attended: bool = False,
    other_services_attended: bool = False,
    notes: str = "",
) -> Consultation:
    """Record a meeting, consultation, training or event with its attendance (zeros skipped)."""
    consultation = Consultation(
        group=group,
        cycle=cycle,
        kind=kind,
        held_on=held_on,
        place=place,
        topic=topic,
        facilitator=facilitator,
        police_attended=police_attended,
        local_authority_attended=local_authority_attended,
        other_services_attended=other_services_attended,
        notes=notes,
    )
    _save(consultation, user, loaded=["group", "cycle", "facilitator"])
    bulk_create_with_history(
        [
            Attendance(consultation=consultation, gender=gender, age_band=band, count=count)
            for (gender, band), count in (attendance or {}).items()
            if count
        ],
        Attendance,
        default_user=user,
    )
    bulk_create_with_history(
        [
            EthnicAttendance(consultation=consultation, ethnicity=ethnicity, count=count)
            for ethnicity, count in (ethnic_attendance or {}).items()
            if count
        ],
        EthnicAttendance,
        default_user=user,
    )
    return consultation


@transaction.atomic
def record_commitment(
    consultation: Consultation,
    user: User,
    *,
    body: str,
    made_by: str,
    what: str,
    due_on: datetime.date | None = None,
) -> Commitment:
    """Record a promise police or a local authority made at a meeting (pending until checked)."""
    commitment = Commitment(
        consultation=consultation, body=body, made_by=made_by, what=what, due_on=due_on
    )
    _save(commitment, user)
    return commitment


@transaction.atomic
def follow_up_commitment(
    commitment: Commitment, user: User, *, status: str, on: datetime.date, note: str = ""
) -> Commitment:
    """Record whether a commitment was kept."""
    commitment.status = status
    commitment.followed_up_on = on
    commitment.note = note or commitment.note
    _save(commitment, user)
    return commitment


@transaction.atomic
def raise_concern(
    cycle: Cycle,
    user: User,
    *,
    title: str,
    category: str,
    raised_by: Iterable[str | tuple[str, str]],
    description: str = "",
    sensitivity: str = Concern.Sensitivity.NORMAL,
    consultations: Iterable[Consultation] = (),
) -> Concern:
    """Record a concern and who raised it.

    `raised_by` holds `ConcernSource.Who` values, or (`ETHNIC_GROUP`, ethnicity) pairs.
    """
    _refuse_if_closed(cycle)
    consultations = list(consultations)
    if any(consultation.group_id != cycle.group_id for consultation in consultations):
        raise ValidationError(_("A concern can only be raised at the group's own consultations."))
    voices = {item if isinstance(item, tuple) else (item, "") for item in raised_by}
    sources = [ConcernSource(who=who, ethnicity=ethnicity) for who, ethnicity in sorted(voices)]
    if not sources:
        raise ValidationError(_("Say who raised the concern."))
    concern = Concern(
        cycle=cycle,
        title=title,
        description=description,
        category=category,
        sensitivity=sensitivity,
    )
    _save(concern, user)
    for source in sources:
        source.concern = concern
        source.full_clean()
    bulk_create_with_history(sources, ConcernSource, default_user=user)
    concern.raised_at.set(consultations)
    return concern


@dataclass(frozen=True)
class NewConcern:
    """A concern as `raise_concerns` takes it; `raised_by` as for `raise_concern`."""

    title: str
    category: str
    raised_by: Sequence[str | tuple[str, str]]
    description: str = ""
    sensitivity: str = Concern.Sensitivity.NORMAL


@transaction.atomic
def raise_concerns(
    cycle: Cycle,
    user: User,
    concerns: Sequence[NewConcern],
    consultations: Iterable[Consultation] = (),
) -> list[Concern]:
    """Record the concerns raised at a consultation together, in a fixed number of queries
    however many there are (`raise_concern` takes a dozen for each).

    Refusals of single concerns come as one ValidationError keyed by their index ("0", ...).
    """
    _refuse_if_closed(cycle)
    consultations = list(consultations)
    if any(consultation.group_id != cycle.group_id for consultation in consultations):
        raise ValidationError(_("A concern can only be raised at the group's own consultations."))
    rows, sources, errors = [], [], {}
    for index, new in enumerate(concerns):
        concern = Concern(
            cycle=cycle,
            title=new.title,
            description=new.description,
            category=new.category,
            sensitivity=new.sensitivity,
        )
        voices = sorted({item if isinstance(item, tuple) else (item, "") for item in new.raised_by})
        try:
            if not voices:
                raise ValidationError(_("Say who raised the concern."))
            if any((who == ConcernSource.Who.ETHNIC_GROUP) != bool(eth) for who, eth in voices):
                raise ValidationError(
                    _("Name the ethnic group when, and only when, an ethnic group raised it.")
                )
            # The cycle was read in scope; the new concern has no carried_from to check, and
            # its one constraint (a dropped concern's reason) is checked by clean().
            concern.full_clean(exclude=["cycle", "carried_from"], validate_constraints=False)
            for who, ethnicity in voices:
                source = ConcernSource(concern=concern, who=who, ethnicity=ethnicity)
                # Unique: the voices are a set. The ethnic-group rule is checked above.
                source.full_clean(exclude=["concern"], validate_constraints=False)
                sources.append(source)
        except ValidationError as error:
            errors[str(index)] = error.messages
        rows.append(concern)
    if errors:
        raise ValidationError(errors)
    rows = bulk_create_with_history(rows, Concern, default_user=user)
    for source in sources:
        source.concern_id = source.concern.pk
    bulk_create_with_history(sources, ConcernSource, default_user=user)
    Concern.raised_at.through.objects.bulk_create(
        Concern.raised_at.through(concern_id=concern.pk, consultation_id=consultation.pk)
        for concern in rows
        for consultation in consultations
    )
    return rows


@transaction.atomic
def score_concern(
    concern: Concern,
    user: User,
    *,
    seriousness: int,
    people_affected: int,
    solvable_locally: int,
    consensus: int,
    perspective: str = PriorityScore.Perspective.WHOLE_GROUP,
    ethnicity: str = "",
) -> PriorityScore:
    """Score a concern (1 to 5 on each criterion) from one perspective; a new score replaces it."""
    _refuse_if_closed(concern.cycle)
    score = PriorityScore.objects.filter(
        concern=concern, perspective=perspective, ethnicity=ethnicity
    ).first() or PriorityScore(concern=concern, perspective=perspective, ethnicity=ethnicity)
    score.seriousness = seriousness
    score.people_affected = people_affected
    score.solvable_locally = solvable_locally
    score.consensus = consensus
    _save(score, user)
    return score


@transaction.atomic
def prioritise(concerns: Iterable[Concern], user: User) -> None:
    """Mark concerns as the group's priorities."""
    for concern in concerns:
        _refuse_if_closed(concern.cycle)
        if concern.status not in (Concern.Status.OPEN, Concern.Status.PRIORITISED):
            raise ValidationError(
                _("“%(concern)s” is %(status)s and cannot be prioritised.")
                % {"concern": concern, "status": concern.get_status_display().lower()}
            )
        concern.status = Concern.Status.PRIORITISED
        concern._history_user = user
        concern.save(update_fields=["status"])


@transaction.atomic
def drop_concern(concern: Concern, user: User, reason: str) -> Concern:
    """Drop a concern the group will not work on; the reason stays on record."""
    if not (reason or "").strip():
        raise ValidationError(_("Say why the concern is dropped, so that it is not lost silently."))
    concern.status = Concern.Status.DROPPED
    concern.status_note = reason.strip()
    _save(concern, user)
    return concern


@transaction.atomic
def resolve_concern(concern: Concern, user: User, note: str = "") -> Concern:
    """Mark a concern resolved, typically at the evaluation."""
    concern.status = Concern.Status.RESOLVED
    concern.status_note = note.strip() or concern.status_note
    _save(concern, user)
    return concern


@transaction.atomic
def record_monitoring_update(
    activity: Activity,
    user: User,
    *,
    reported_on: datetime.date,
    status: str,
    progress: str,
    evidence: str = "",
    reached: Headcount | None = None,
    criteria_progress: Mapping[SuccessCriterion, str] | None = None,
    not_done_reason: str | None = None,
) -> MonitoringUpdate:
    """Record how an activity is going and update the activity to match.

    The activity takes the reported status (and its actual start or end date when it
    starts or finishes); `reached` counts the people reached since the previous update and
    is added to the activity's total.
    """
    reached = {cell: count for cell, count in (reached or {}).items() if count}
    update = MonitoringUpdate(
        activity=activity,
        reported_on=reported_on,
        status=status,
        progress=progress,
        evidence=evidence,
        reported_by=user,
    )
    _save(update, user)
    bulk_create_with_history(
        [
            MonitoringReach(update=update, gender=gender, age_band=band, count=count)
            for (gender, band), count in reached.items()
        ],
        MonitoringReach,
        default_user=user,
    )
    for (gender, band), count in reached.items():
        # Locked and added in Python rather than with F(): the history row needs the number.
        cell = (
            ActivityReach.objects.select_for_update()
            .filter(activity=activity, gender=gender, age_band=band)
            .first()
        ) or ActivityReach(activity=activity, gender=gender, age_band=band, count=0)
        cell.count += count
        _save(cell, user)
    for criterion, note in (criteria_progress or {}).items():
        _save(CriterionProgress(update=update, criterion=criterion, progress=note), user)
    activity.status = status
    started = status in (Activity.Status.IN_PROGRESS, Activity.Status.DONE)
    if started and activity.actual_start is None:
        activity.actual_start = reported_on
    if status == Activity.Status.DONE and activity.actual_end is None:
        activity.actual_end = reported_on
    if not_done_reason is not None:
        activity.not_done_reason = not_done_reason.strip()
    _save(activity, user)
    return update


@transaction.atomic
def record_evaluation(
    cycle: Cycle,
    user: User,
    *,
    held_on: datetime.date,
    participants: str,
    safety_before: int,
    safety_after: int,
    what_worked: str = "",
    lessons: str = "",
    improvements: str = "",
    results: Mapping[SuccessCriterion, str | tuple[str, str]] | None = None,
) -> Evaluation:
    """Record the cycle's participatory evaluation and each success criterion's result.

    A result is a `CriterionResult.Result` value, or a (result, note) pair.
    """
    # Locked, so that of two people recording it at the same moment the second is told.
    Cycle.objects.select_for_update().filter(pk=cycle.pk).first()
    _refuse_if_closed(cycle)
    if Evaluation.objects.filter(cycle=cycle).exists():
        raise ValidationError(
            _("Someone else recorded this cycle's evaluation meanwhile: open the page again.")
        )
    evaluation = Evaluation(
        cycle=cycle,
        held_on=held_on,
        participants=participants,
        safety_before=safety_before,
        safety_after=safety_after,
        what_worked=what_worked,
        lessons=lessons,
        improvements=improvements,
    )
    _save(evaluation, user)
    save_criterion_results(evaluation, user, results or {})
    return evaluation


def save_criterion_results(
    evaluation: Evaluation,
    user: User,
    results: Mapping[SuccessCriterion, str | tuple[str, str]],
) -> None:
    """Write each criterion's result (and note) on the evaluation, replacing an earlier one."""
    existing = {row.criterion_id: row for row in evaluation.results.all()}
    for criterion, value in results.items():
        result, note = value if isinstance(value, tuple) else (value, "")
        row = existing.get(criterion.pk) or CriterionResult(
            evaluation=evaluation, criterion=criterion
        )
        row.result = result
        row.note = note.strip()
        _save(row, user)
