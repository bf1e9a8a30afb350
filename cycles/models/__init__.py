"""The five-step community security cycle: everything a group does in a cycle."""

from cycles.models.access_log import SensitiveConcernRead
from cycles.models.concern import Concern, ConcernSource, PriorityScore
from cycles.models.consultation import Attendance, Commitment, Consultation, EthnicAttendance
from cycles.models.cycle import Cycle, CycleStepChange
from cycles.models.monitoring import (
    CriterionProgress,
    CriterionResult,
    Evaluation,
    MonitoringReach,
    MonitoringUpdate,
)
from cycles.models.plan import (
    ActionPlan,
    Activity,
    ActivityReach,
    Contribution,
    PlanEvent,
    SuccessCriterion,
)
from cycles.models.report import ExchangeRate, ExportLog, ReportSignOff

__all__ = [
    "ActionPlan",
    "Activity",
    "ActivityReach",
    "Attendance",
    "Commitment",
    "Concern",
    "ConcernSource",
    "Consultation",
    "Contribution",
    "CriterionProgress",
    "CriterionResult",
    "Cycle",
    "CycleStepChange",
    "EthnicAttendance",
    "Evaluation",
    "ExchangeRate",
    "ExportLog",
    "MonitoringReach",
    "MonitoringUpdate",
    "PlanEvent",
    "PriorityScore",
    "ReportSignOff",
    "SensitiveConcernRead",
    "SuccessCriterion",
]
