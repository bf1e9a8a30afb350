"""Corrections after the fact: an activity's actual dates and an evaluation already recorded."""

import datetime
from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from communities.models import User
from cycles.models import Activity, Evaluation, SuccessCriterion
from cycles.services.records import _refuse_if_closed, _save, save_criterion_results

EVALUATION_FIELDS = (
    "held_on",
    "participants",
    "safety_before",
    "safety_after",
    "what_worked",
    "lessons",
    "improvements",
)


@transaction.atomic
def correct_activity_dates(
    activity: Activity,
    user: User,
    *,
    actual_start: datetime.date | None,
    actual_end: datetime.date | None,
) -> Activity:
    """Set when the activity really started and ended (a monitoring update guesses them)."""
    _refuse_if_closed(activity.plan.cycle)
    if actual_start and actual_end and actual_end < actual_start:
        raise ValidationError(
            {"actual_end": _("The actual end cannot be before the actual start.")}
        )
    if actual_end and not actual_start:
        raise ValidationError({"actual_start": _("Give the start date too.")})
    activity.actual_start = actual_start
    activity.actual_end = actual_end
    _save(activity, user)
    return activity


@transaction.atomic
def update_evaluation(
    evaluation: Evaluation,
    user: User,
    *,
    results: Mapping[SuccessCriterion, str | tuple[str, str]] | None = None,
    **fields,
) -> Evaluation:
    """Change an evaluation of a cycle that is still open, and its criteria's results."""
    unknown = set(fields) - set(EVALUATION_FIELDS)
    if unknown:
        raise ValueError(f"Not evaluation fields: {sorted(unknown)}")
    _refuse_if_closed(evaluation.cycle)
    for name, value in fields.items():
        setattr(evaluation, name, value)
    _save(evaluation, user)
    save_criterion_results(evaluation, user, results or {})
    return evaluation
