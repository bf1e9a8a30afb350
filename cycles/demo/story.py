"""The helper every demo story writes with: the services, called as a person would call
them through the pages, with each row dated on the day it happened."""

import datetime
import functools
from collections.abc import Iterable, Sequence
from decimal import Decimal

from django.apps import apps
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalChanges

from communities.models import AgeBand, Country, Currency, Gender, Group, Organisation, User
from cycles import services
from cycles.models import (
    ActionPlan,
    Activity,
    Commitment,
    Concern,
    Consultation,
    Contribution,
    Cycle,
    CycleStepChange,
    PlanEvent,
    PriorityScore,
    SuccessCriterion,
)

# Short names for the choices the stories use on almost every line.
K = Consultation.Kind
CAT = Concern.Category
SENSITIVE, HIGHLY = Concern.Sensitivity.SENSITIVE, Concern.Sensitivity.HIGHLY_SENSITIVE
WOMEN, YOUTH, ELDERS = "women", "youth", "elders"
COMMUNITY, MEMBERS, POLICE, AUTHORITY = "community", "group_members", "police", "local_authority"
ACT = Activity.Kind
SOURCE = Contribution.Source
CASH, IN_KIND = Contribution.Kind.CASH, Contribution.Kind.IN_KIND
PARTNER_LED = Cycle.Facilitation.PARTNER_LED
CO_FACILITATED = Cycle.Facilitation.CO_FACILITATED
GROUP_LED = Cycle.Facilitation.GROUP_LED
DONE, IN_PROGRESS, CANCELLED = (
    Activity.Status.DONE,
    Activity.Status.IN_PROGRESS,
    Activity.Status.CANCELLED,
)
ACHIEVED, PARTLY = "achieved", "partly"
KEPT, NOT_KEPT = Commitment.Status.KEPT, Commitment.Status.NOT_KEPT

# Head counts are written as one tuple per gender, in this order of age bands.
BANDS = (
    AgeBand.CHILD,
    AgeBand.YOUTH_14_17,
    AgeBand.YOUTH_18_28,
    AgeBand.ADULT_29_45,
    AgeBand.ADULT_46_59,
    AgeBand.ELDER,
)
# The hour every demo action is stamped with, on the day it happened.
WORKING_HOUR = datetime.time(10, 0)


def crowd(women: Sequence[int] = (), men: Sequence[int] = ()) -> dict[tuple[str, str], int]:
    """A gender x age band head count from counts given in BANDS order (under 14 first)."""
    counts = {}
    for gender, row in ((Gender.FEMALE, women), (Gender.MALE, men)):
        for band, count in zip(BANDS, row, strict=False):
            if count:
                counts[(gender, band)] = count
    return counts


@functools.cache
def _history_models() -> list[type[models.Model]]:
    return [
        model
        for model in apps.get_app_config("cycles").get_models()
        if issubclass(model, HistoricalChanges)
        and any(field.name == "history_date" for field in model._meta.fields)
    ]


class Story:
    """One group's cycles, written through the services and dated as they happened.

    Services stamp review events, step changes and history rows with the current time, and
    history takes its user from the request, which a command does not have. Each call says
    on which day (and so by whom) it happens; rows written since the previous day are then
    given that day and user, so that the cycle log, the plan's review history and the
    history pages read as the case study unfolded. Calls without a day (activities,
    contributions) belong to the day of the call before them.
    """

    def __init__(
        self,
        group: Group,
        recorder: User,
        reviewer: User,
        organisations: dict[str, Organisation],
        since: datetime.datetime,
    ):
        self.group = group
        self.recorder = recorder
        self.reviewer = reviewer
        self.organisations = organisations
        self.since = since
        # The demo facilitator is named on consultations only in groups of their own partner.
        self.facilitator = recorder if recorder.organisation_id == group.partner_id else None
        country = group.communities.values_list("district__region__country", flat=True).first()
        self.currency = Currency.TJS if country == Country.TAJIKISTAN else Currency.KGS
        self._pending: tuple[datetime.date, User] | None = None

    # Dating -------------------------------------------------------------------------------

    def _on(self, day: str, user: User) -> datetime.date:
        when = datetime.date.fromisoformat(day)
        if self._pending != (when, user):
            self.settle()
            self._pending = (when, user)
        return when

    def settle(self) -> None:
        """Give the rows written since the last call their day and user."""
        if self._pending is None:
            return
        day, user = self._pending
        moment = timezone.make_aware(datetime.datetime.combine(day, WORKING_HOUR))
        for model in _history_models():
            rows = model.objects.filter(history_date__gte=self.since)
            rows.filter(history_user__isnull=True).update(history_user=user)
            rows.update(history_date=moment)
        PlanEvent.objects.filter(at__gte=self.since).update(at=moment)
        CycleStepChange.objects.filter(changed_at__gte=self.since).update(changed_at=moment)
        self._pending = None

    def organisation(self, name: str) -> Organisation:
        return self.organisations[name]

    # Cycles -------------------------------------------------------------------------------

    def start(self, day: str, facilitation: str, **context: str) -> Cycle:
        on = self._on(day, self.recorder)
        return services.start_cycle(
            self.group, self.recorder, on=on, facilitation=facilitation, **context
        )

    def start_at_planning(self, day: str, facilitation: str, reason: str, **context: str) -> Cycle:
        """A joint group's first cycle: both sides have already identified and prioritised
        the problem, so it starts at action planning (as `services.create_joint_group` does)."""
        on = self._on(day, self.recorder)
        cycle = Cycle(
            group=self.group,
            facilitation=facilitation,
            started_on=on,
            step=Cycle.Step.PLANNING,
            **context,
        )
        return services.register_cycle(cycle, self.recorder, reason=reason)

    def next_cycle(self, cycle: Cycle, day: str, facilitation: str, **context: str) -> Cycle:
        """The next cycle, carrying the unresolved concerns over, with its new context."""
        on = self._on(day, self.recorder)
        new = services.start_next_cycle(cycle, self.recorder, on, facilitation)
        for name, text in context.items():
            setattr(new, name, text)
        new.full_clean()
        new._history_user = self.recorder
        new.save(update_fields=list(context))
        return new

    def advance(self, cycle: Cycle, day: str, note: str = "") -> None:
        self._on(day, self.recorder)
        services.advance(cycle, self.recorder, note)

    def evaluate(
        self,
        cycle: Cycle,
        day: str,
        *,
        participants: str,
        safety: tuple[int, int],
        worked: str,
        lessons: str,
        improvements: str,
        results: dict[SuccessCriterion, str],
    ) -> None:
        on = self._on(day, self.recorder)
        services.record_evaluation(
            cycle,
            self.recorder,
            held_on=on,
            participants=participants,
            safety_before=safety[0],
            safety_after=safety[1],
            what_worked=worked,
            lessons=lessons,
            improvements=improvements,
            results=results,
        )

    def close(self, cycle: Cycle, day: str) -> None:
        on = self._on(day, self.recorder)
        services.close_cycle(cycle, self.recorder, on)

    # Consultations and concerns -----------------------------------------------------------

    def meet(
        self,
        cycle: Cycle | None,
        kind: str,
        day: str,
        place: str,
        *,
        women: Sequence[int] = (),
        men: Sequence[int] = (),
        ethnic: dict[str, int] | None = None,
        topic: str = "",
        notes: str = "",
        police: bool = False,
        authority: bool = False,
        other_services: bool = False,
        by_group: bool = False,
    ) -> Consultation:
        """Record a meeting; `by_group` when the group's own members facilitated it."""
        on = self._on(day, self.recorder)
        return services.record_consultation(
            self.group,
            self.recorder,
            kind=kind,
            held_on=on,
            cycle=cycle,
            place=place,
            topic=topic,
            facilitator=None if by_group else self.facilitator,
            attendance=crowd(women, men),
            ethnic_attendance=ethnic,
            police_attended=police,
            local_authority_attended=authority,
            other_services_attended=other_services,
            notes=notes,
        )

    def train(self, cycle: Cycle, day: str, topic: str, place: str, **attendance) -> Consultation:
        return self.meet(cycle, K.TRAINING, day, place, topic=topic, **attendance)

    def promise(
        self,
        consultation: Consultation,
        body: str,
        made_by: str,
        what: str,
        due: str,
        outcome: tuple[str, str, str] | None = None,
    ) -> Commitment:
        """A commitment made at the meeting; `outcome` is (status, day followed up, note)."""
        self._on(consultation.held_on.isoformat(), self.recorder)
        commitment = services.record_commitment(
            consultation,
            self.recorder,
            body=body,
            made_by=made_by,
            what=what,
            due_on=datetime.date.fromisoformat(due),
        )
        if outcome:
            status, day, note = outcome
            on = self._on(day, self.recorder)
            services.follow_up_commitment(
                commitment, self.recorder, status=status, on=on, note=note
            )
        return commitment

    def concern(
        self,
        cycle: Cycle,
        day: str,
        title: str,
        category: str,
        raised_by: Iterable[str | tuple[str, str]],
        *,
        at: Iterable[Consultation] = (),
        sensitivity: str = Concern.Sensitivity.NORMAL,
        description: str = "",
    ) -> Concern:
        self._on(day, self.recorder)
        return services.raise_concern(
            cycle,
            self.recorder,
            title=title,
            category=category,
            raised_by=raised_by,
            description=description,
            sensitivity=sensitivity,
            consultations=at,
        )

    def score(
        self,
        concern: Concern,
        day: str,
        whole_group: tuple[int, int, int, int],
        **perspectives: tuple[int, int, int, int],
    ) -> None:
        """Scores (seriousness, people affected, solvable locally, consensus) of the whole
        group and, by keyword, of the women's or youth's perspective."""
        self._on(day, self.recorder)
        for perspective, scores in {"whole_group": whole_group, **perspectives}.items():
            services.score_concern(
                concern,
                self.recorder,
                seriousness=scores[0],
                people_affected=scores[1],
                solvable_locally=scores[2],
                consensus=scores[3],
                perspective=PriorityScore.Perspective(perspective),
            )

    def prioritise(self, day: str, *concerns: Concern) -> None:
        self._on(day, self.recorder)
        services.prioritise(concerns, self.recorder)

    def resolve(self, concern: Concern, day: str, note: str) -> None:
        self._on(day, self.recorder)
        services.resolve_concern(concern, self.recorder, note)

    @staticmethod
    def carried(cycle: Cycle, old: Concern) -> Concern:
        return cycle.concerns.get(carried_from=old)

    @staticmethod
    def concern_of(group_name: str, category: str, day: str) -> Concern:
        """Another group's concern of that category, in its cycle running on that day: what a
        joint group formed from both sides' priorities takes up. That group's story must
        come first in STORIES."""
        on = datetime.date.fromisoformat(day)
        return Concern.objects.get(
            models.Q(cycle__closed_on__isnull=True) | models.Q(cycle__closed_on__gte=on),
            cycle__group__name=group_name,
            cycle__started_on__lte=on,
            category=category,
        )

    # Plans --------------------------------------------------------------------------------

    def plan(
        self,
        cycle: Cycle,
        day: str,
        title: str,
        *,
        concerns: Iterable[Concern],
        objective: str,
        harm_risks: str,
        tension_avoidance: str,
        criteria: Iterable[tuple[str, str, str]],
    ) -> ActionPlan:
        self._on(day, self.recorder)
        return services.create_plan(
            cycle,
            self.recorder,
            title=title,
            concerns=concerns,
            objective=objective,
            harm_risks=harm_risks,
            tension_avoidance=tension_avoidance,
            criteria=criteria,
        )

    def activity(
        self,
        plan: ActionPlan,
        title: str,
        kind: str,
        *,
        responsible: str,
        planned: tuple[str, str],
        seed: str | None = None,
        currency: str | None = None,
        taking_part: Iterable[str] = (),
    ) -> Activity:
        return services.add_activity(
            plan,
            title=title,
            kind=kind,
            responsible=responsible,
            planned_start=datetime.date.fromisoformat(planned[0]),
            planned_end=datetime.date.fromisoformat(planned[1]),
            seed_grant=Decimal(seed) if seed else None,
            currency=(currency or self.currency) if seed else "",
            taking_part=[self.organisation(name) for name in taking_part],
        )

    def contribution(
        self,
        plan: ActionPlan,
        source: str,
        kind: str,
        pledged_by: str,
        description: str,
        pledged: str,
        delivered: str = "0",
        *,
        activity: Activity | None = None,
        currency: str | None = None,
    ) -> Contribution:
        return services.add_contribution(
            plan,
            source=source,
            kind=kind,
            pledged_by=pledged_by,
            description=description,
            value_pledged=Decimal(pledged),
            value_delivered=Decimal(delivered),
            currency=currency or self.currency,
            activity=activity,
        )

    def submit(self, plan: ActionPlan, day: str) -> None:
        self._on(day, self.recorder)
        services.submit_plan(plan, self.recorder)

    def approve(self, plan: ActionPlan, day: str, comment: str = "") -> None:
        self._on(day, self.reviewer)
        services.approve_plan(plan, self.reviewer, comment)

    def send_back(self, plan: ActionPlan, day: str, comment: str) -> None:
        self._on(day, self.reviewer)
        services.return_plan(plan, self.reviewer, comment)

    def start_plan(self, plan: ActionPlan, day: str) -> None:
        self._on(day, self.recorder)
        services.start_plan(plan, self.recorder)

    def complete(self, plan: ActionPlan, day: str) -> None:
        self._on(day, self.recorder)
        services.complete_plan(plan, self.recorder)

    def monitor(
        self,
        activity: Activity,
        day: str,
        status: str,
        progress: str,
        *,
        women: Sequence[int] = (),
        men: Sequence[int] = (),
        criteria: dict[SuccessCriterion, str] | None = None,
        evidence: str = "",
        not_done_reason: str | None = None,
    ) -> None:
        on = self._on(day, self.recorder)
        services.record_monitoring_update(
            activity,
            self.recorder,
            reported_on=on,
            status=status,
            progress=progress,
            evidence=evidence,
            reached=crowd(women, men),
            criteria_progress=criteria,
            not_done_reason=not_done_reason,
        )


def criteria_of(plan: ActionPlan) -> list[SuccessCriterion]:
    return list(plan.criteria.order_by("pk"))
