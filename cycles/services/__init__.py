"""Writes across cycles models, each in one transaction.

The API, in the order a group goes through a cycle (every function takes the acting user):

- cycles: `start_cycle`, `update_context` (the step 1 analysis), `advance`, `move_back`,
  `close_cycle`, `start_next_cycle`, with `missing_for_step` / `missing_for_close` /
  `missing_for_next` saying what a move still needs;
- step 1-2 records: `record_consultation` (with attendance), `record_commitment`,
  `follow_up_commitment`, `raise_concern` (`raise_concerns` for several at once),
  `score_concern`, `prioritise`, `drop_concern`, `resolve_concern`;
- step 3 plans: `create_plan`, `add_criterion`, `add_activity`, `add_contribution`, then the
  review `submit_plan`, `approve_plan`, `return_plan`, and `start_plan`, `complete_plan`;
- step 4-5: `record_monitoring_update`, `correct_activity_dates`, `record_evaluation`,
  `update_evaluation`;
- across a border: `create_joint_group` from a `selectors.Opportunity`.

Refusals raise ValidationError carrying messages a person can act on.
"""

from cycles.services.crossborder import create_joint_group
from cycles.services.monitoring import correct_activity_dates, update_evaluation
from cycles.services.plans import (
    add_activity,
    add_contribution,
    add_criterion,
    approve_plan,
    complete_plan,
    create_plan,
    missing_for_submission,
    return_plan,
    save_plan,
    start_plan,
    submit_plan,
)
from cycles.services.records import (
    NewConcern,
    drop_concern,
    follow_up_commitment,
    prioritise,
    raise_concern,
    raise_concerns,
    record_commitment,
    record_consultation,
    record_evaluation,
    record_monitoring_update,
    resolve_concern,
    score_concern,
)
from cycles.services.steps import (
    advance,
    close_cycle,
    missing_for_close,
    missing_for_next,
    missing_for_step,
    move_back,
    register_cycle,
    start_cycle,
    start_next_cycle,
    update_context,
)

__all__ = [
    "add_activity",
    "add_contribution",
    "add_criterion",
    "advance",
    "approve_plan",
    "close_cycle",
    "complete_plan",
    "correct_activity_dates",
    "create_joint_group",
    "create_plan",
    "drop_concern",
    "follow_up_commitment",
    "missing_for_close",
    "missing_for_next",
    "missing_for_step",
    "missing_for_submission",
    "move_back",
    "prioritise",
    "NewConcern",
    "raise_concern",
    "raise_concerns",
    "record_commitment",
    "record_consultation",
    "record_evaluation",
    "record_monitoring_update",
    "register_cycle",
    "resolve_concern",
    "return_plan",
    "save_plan",
    "score_concern",
    "start_cycle",
    "start_next_cycle",
    "start_plan",
    "submit_plan",
    "update_context",
    "update_evaluation",
]
