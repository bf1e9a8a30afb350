"""Reads and aggregations over cycles, all computed in SQL."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import (
    Avg,
    Count,
    Exists,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    Window,
)
from django.db.models.functions import Coalesce, Rank
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from communities.models import Currency, Group, User
from cycles.models import (
    ActionPlan,
    Activity,
    Commitment,
    Concern,
    Consultation,
    Contribution,
    Cycle,
    Evaluation,
    MonitoringUpdate,
    PlanEvent,
    PriorityScore,
    SuccessCriterion,
)
from cycles.models.common import MONEY_TOTAL, headcount, percent

# ---------------------------------------------------------------------------------------------
# Attendance


def consultation_totals(consultations: QuerySet[Consultation]) -> dict:
    """People consulted across consultations: people, women, youth and both shares (per cent)."""
    counts = headcount("attendance")
    return consultations.order_by().aggregate(
        **counts,
        women_share=percent(counts["women"], counts["people"]),
        youth_share=percent(counts["youth"], counts["people"]),
    )


# ---------------------------------------------------------------------------------------------
# Prioritisation


def ranked_concerns(
    cycle: Cycle,
    user: User,
    *,
    perspective: str = PriorityScore.Perspective.WHOLE_GROUP,
    ethnicity: str = "",
) -> QuerySet[Concern]:
    """The cycle's concerns ranked on one perspective's total score (4 to 20), best first.

    Annotates `score` (that perspective's total), `average_score` (over every perspective
    that scored it, which breaks ties), `rank` (SQL RANK: ties share a rank, unscored
    concerns come last), `women_youth_only` and `text_access` (show `title_for_reader`).
    """
    scores = PriorityScore.objects.filter(concern=OuterRef("pk")).order_by()
    chosen = scores.filter(perspective=perspective, ethnicity=ethnicity)
    per_concern = scores.values("concern")
    return (
        Concern.objects.visible_to(user)
        .filter(cycle=cycle)
        .with_text_access(user)
        .with_flags()
        .annotate(
            score=Subquery(chosen.annotate(total=PriorityScore.total()).values("total")[:1]),
            average_score=Subquery(
                per_concern.annotate(average=Avg(PriorityScore.total())).values("average")
            ),
        )
        .annotate(
            rank=Window(
                Rank(),
                order_by=[
                    F("score").desc(nulls_last=True),
                    F("average_score").desc(nulls_last=True),
                ],
            )
        )
        .order_by("rank", "title")
    )


@dataclass
class ScoreTable:
    """Each concern's total score from every perspective, side by side.

    `columns` are (perspective, ethnicity, label); each row is (concern, [total or None per
    column]), in the order of the whole group's ranking.
    """

    columns: list[tuple[str, str, str]]
    rows: list[tuple[Concern, list[int | None]]]


def perspective_scores(cycle: Cycle, user: User) -> ScoreTable:
    order = list(PriorityScore.Perspective.values)
    found = (
        PriorityScore.objects.filter(concern__cycle=cycle)
        .order_by()
        .values_list("perspective", "ethnicity")
        .distinct()
    )
    columns = [
        (perspective, ethnicity, PriorityScore.label_for(perspective, ethnicity))
        for perspective, ethnicity in sorted(found, key=lambda key: (order.index(key[0]), key[1]))
    ]
    scores = PriorityScore.objects.filter(concern=OuterRef("pk")).annotate(
        total=PriorityScore.total()
    )
    annotations = {
        f"column_{index}": Subquery(
            scores.filter(perspective=perspective, ethnicity=ethnicity).values("total")[:1]
        )
        for index, (perspective, ethnicity, _label) in enumerate(columns)
    }
    concerns = ranked_concerns(cycle, user).annotate(**annotations)
    rows = [
        (concern, [getattr(concern, f"column_{index}") for index in range(len(columns))])
        for concern in concerns
    ]
    return ScoreTable(columns=columns, rows=rows)


# ---------------------------------------------------------------------------------------------
# Money


@dataclass(frozen=True)
class MoneyLine:
    """A plan's money in one currency. Shares are per cent, None when there is nothing."""

    currency: str
    seed: Decimal
    pledged: Decimal
    delivered: Decimal
    local_share: Decimal | None
    delivered_share: Decimal | None


# SQLite returns sums of decimals unscaled (40000 rather than 40000.00).
CENT = Decimal("0.01")


def _total(rows: QuerySet, field: str) -> Coalesce:
    return Coalesce(
        Subquery(rows.order_by().values("plan").annotate(total=Sum(field)).values("total")),
        Value(Decimal("0")),
        output_field=MONEY_TOTAL,
    )


def currencies_used(plans: QuerySet[ActionPlan]) -> list[str]:
    """The currencies of the plans' seed grants and local contributions, sorted."""
    used = (
        Activity.objects.filter(plan__in=plans.values("pk"), seed_grant__isnull=False)
        .order_by()
        .values_list("seed_grant_currency")
        .union(
            Contribution.objects.filter(plan__in=plans.values("pk"))
            .order_by()
            .values_list("currency")
        )
    )
    return sorted(currency for (currency,) in used)


def plans_with_money(
    plans: QuerySet[ActionPlan], currencies: list[str] | None = None
) -> QuerySet[ActionPlan]:
    """Annotate, for each currency the plans use: seed grants, local pledged and delivered.

    For currency KGS the annotations are `seed_kgs`, `pledged_kgs`, `delivered_kgs`,
    `local_share_kgs` (local pledged / (seed + local pledged), per cent) and
    `delivered_share_kgs` (delivered / pledged, per cent). Amounts in different currencies
    are never added together. Read them with `money_lines`. `currencies`, when given, are
    those of `currencies_used(plans)`, already found.
    """
    if currencies is None:
        currencies = currencies_used(plans)
    totals = {}
    for currency in currencies:
        key = currency.lower()
        grants = Activity.objects.filter(plan=OuterRef("pk"), seed_grant_currency=currency)
        local = Contribution.objects.filter(plan=OuterRef("pk"), currency=currency)
        totals[f"seed_{key}"] = _total(grants, "seed_grant")
        totals[f"pledged_{key}"] = _total(local, "value_pledged")
        totals[f"delivered_{key}"] = _total(local, "value_delivered")
    shares = {}
    for currency in currencies:
        key = currency.lower()
        seed, pledged, delivered = F(f"seed_{key}"), F(f"pledged_{key}"), F(f"delivered_{key}")
        shares[f"local_share_{key}"] = percent(pledged, seed + pledged)
        shares[f"delivered_share_{key}"] = percent(delivered, pledged)
    return plans.annotate(**totals).annotate(**shares)


def money_lines(plan: ActionPlan) -> list[MoneyLine]:
    """The money of a plan annotated by `plans_with_money`, one line per currency it uses."""
    lines = []
    for currency in Currency.values:
        key = currency.lower()
        if not hasattr(plan, f"seed_{key}"):
            continue
        seed, pledged, delivered = (
            getattr(plan, f"{part}_{key}") for part in ("seed", "pledged", "delivered")
        )
        if seed or pledged or delivered:
            lines.append(
                MoneyLine(
                    currency=currency,
                    seed=seed.quantize(CENT),
                    pledged=pledged.quantize(CENT),
                    delivered=delivered.quantize(CENT),
                    local_share=getattr(plan, f"local_share_{key}"),
                    delivered_share=getattr(plan, f"delivered_share_{key}"),
                )
            )
    return lines


def plan_money(plan: ActionPlan) -> list[MoneyLine]:
    """One plan's money per currency (two queries: the currencies used, then the sums)."""
    return money_lines(plans_with_money(ActionPlan.objects.filter(pk=plan.pk)).get())


# ---------------------------------------------------------------------------------------------
# Cross-border joint planning


@dataclass(frozen=True)
class Opportunity:
    """Two facing groups prioritised concerns of the same category in overlapping cycles."""

    first: Cycle
    second: Cycle
    category: str

    @property
    def category_label(self) -> str:
        return str(Concern.Category(self.category).label)

    @property
    def concerns(self) -> QuerySet[Concern]:
        """The prioritised concerns of that category on both sides: what a joint plan takes up."""
        return Concern.objects.picked().filter(
            cycle__in=[self.first, self.second],
            category=self.category,
            sensitivity__in=SHAREABLE,
        )


# Highly sensitive concerns are for few eyes: they never surface across a border.
SHAREABLE = [Concern.Sensitivity.NORMAL, Concern.Sensitivity.SENSITIVE]
LOCAL_GROUP_KINDS = [Group.Kind.LCPC, Group.Kind.CSWG, Group.Kind.MAHALLA]


def joint_planning_opportunities(
    user: User, today: datetime.date | None = None
) -> list[Opportunity]:
    """Pairs of cycles of different groups that could plan together across a border.

    Both groups are local (not already joint) groups whose communities face each other
    (`Community.facing_communities`); the cycles' date ranges overlap (an open cycle runs
    until today); both sides prioritised a concern of the same category. A pair already
    taken up in a joint group's plan is left out. One side has to be visible to the user.
    """
    today = today or timezone.localdate()
    other = "cycle__group__communities__facing_communities__groups__cycles"
    visible = Group.objects.visible_to(user).values("pk")
    rows = (
        Concern.objects.picked()
        .filter(sensitivity__in=SHAREABLE, cycle__group__kind__in=LOCAL_GROUP_KINDS)
        .exclude(plans__cycle__group__kind=Group.Kind.JOINT)
        # One filter() call, so that every condition on the other side uses the same join.
        .filter(
            Q(cycle__group__in=visible) | Q(**{f"{other}__group__in": visible}),
            **{
                f"{other}__group__kind__in": LOCAL_GROUP_KINDS,
                f"{other}__concerns__category": F("category"),
                f"{other}__concerns__status__in": Concern.Status.picked(),
                f"{other}__concerns__sensitivity__in": SHAREABLE,
                f"{other}__started_on__lte": Coalesce(F("cycle__closed_on"), Value(today)),
                "cycle__started_on__lte": Coalesce(F(f"{other}__closed_on"), Value(today)),
            },
        )
        .order_by()
        .values_list("cycle", other, "cycle__group", f"{other}__group", "category")
        .distinct()
    )
    pairs = {
        (min(a, b), max(a, b), category)
        for a, b, group_a, group_b, category in rows
        if group_a != group_b
    }
    cycles = Cycle.objects.select_related("group").in_bulk(
        {pk for first, second, _category in pairs for pk in (first, second)}
    )
    return sorted(
        (
            Opportunity(first=cycles[first], second=cycles[second], category=category)
            for first, second, category in pairs
        ),
        key=lambda o: (o.first.group.name, o.second.group.name, o.category),
    )


def find_opportunity(
    user: User, first_id: int, second_id: int, category: str
) -> Opportunity | None:
    """The opportunity for that pair and category, if the user may see it and it is still open."""
    for opportunity in joint_planning_opportunities(user):
        if (opportunity.first.pk, opportunity.second.pk, opportunity.category) == (
            first_id,
            second_id,
            category,
        ):
            return opportunity
    return None


# ---------------------------------------------------------------------------------------------
# My work: a field worker's open cycles, overdue activities, returned plans


def cycles_with_progress(cycles: QuerySet[Cycle]) -> QuerySet[Cycle]:
    """Annotate what each cycle's next move depends on, in the same query as the cycles.

    `has_priority`, `has_approved_plan`, `unfinished_activities` and `has_evaluation` mirror
    the checks of `cycles.services.missing_for_next`; read them with `next_move_blockers`.
    """
    approved = ActionPlan.Status.approved()
    unfinished = (
        Activity.objects.unfinished()
        .filter(plan__cycle=OuterRef("pk"), plan__status__in=approved)
        .order_by()
        .values("plan__cycle")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return cycles.annotate(
        # Two EXISTS rather than one over an OR across the plans join, which PostgreSQL
        # can only answer by scanning every picked concern (4 s at 2,000 communities).
        has_priority=Exists(Concern.objects.picked().filter(cycle=OuterRef("pk")))
        | Exists(Concern.objects.picked().filter(plans__cycle=OuterRef("pk"))),
        has_approved_plan=Exists(
            ActionPlan.objects.filter(cycle=OuterRef("pk"), status__in=approved)
        ),
        unfinished_activities=Coalesce(Subquery(unfinished), 0),
        has_evaluation=Exists(Evaluation.objects.filter(cycle=OuterRef("pk"))),
    )


def next_move_blockers(cycle: Cycle) -> list[str]:
    """What a cycle annotated by `cycles_with_progress` lacks for its next move, in short."""
    if cycle.is_closed:
        return []
    if cycle.step == Cycle.Step.PREPARATION:
        missing = cycle.missing_context()
        return (
            [_("Context analysis: %(parts)s missing.") % {"parts": ", ".join(missing)}]
            if missing
            else []
        )
    if cycle.step == Cycle.Step.PRIORITISATION:
        return [] if cycle.has_priority else [_("No concern prioritised yet.")]
    if cycle.step == Cycle.Step.PLANNING:
        return [] if cycle.has_approved_plan else [_("No approved action plan yet.")]
    if cycle.step == Cycle.Step.IMPLEMENTATION:
        count = cycle.unfinished_activities
        if not count:
            return []
        return [
            ngettext(
                "%(count)d activity still to finish.",
                "%(count)d activities still to finish.",
                count,
            )
            % {"count": count}
        ]
    return [] if cycle.has_evaluation else [_("No evaluation recorded yet.")]


def overdue_activities(user: User, today: datetime.date | None = None) -> QuerySet[Activity]:
    """Unfinished activities of approved plans in open cycles whose planned end has passed."""
    today = today or timezone.localdate()
    return (
        Activity.objects.visible_to(user)
        .unfinished()
        .filter(
            plan__status__in=ActionPlan.Status.approved(),
            plan__cycle__closed_on__isnull=True,
            planned_end__lt=today,
        )
        .select_related("plan__cycle__group")
        .order_by("planned_end", "pk")
    )


def returned_plans(user: User) -> QuerySet[ActionPlan]:
    """Plans sent back for changes, each with the reviewer's last comment (`return_comment`)."""
    last_return = PlanEvent.objects.filter(
        plan=OuterRef("pk"), to_status=ActionPlan.Status.RETURNED
    ).order_by("-at", "-pk")
    return (
        ActionPlan.objects.visible_to(user)
        .filter(status=ActionPlan.Status.RETURNED)
        .select_related("cycle__group")
        .annotate(
            return_comment=Subquery(last_return.values("comment")[:1]),
            returned_at=Subquery(last_return.values("at")[:1]),
        )
        .order_by("-returned_at", "pk")
    )


def recent_consultations(user: User) -> QuerySet[Consultation]:
    """Consultations, meetings and events of the user's groups, newest first, with head counts."""
    return (
        Consultation.objects.visible_to(user)
        .select_related("group")
        .with_attendance_per_row()
        .order_by("-held_on", "-pk")
    )


# ---------------------------------------------------------------------------------------------
# A concern's story, across the cycles it was carried over


def concern_chain(concern: Concern) -> list[int]:
    """The pks of the concern and of the concerns it continues or is continued by, oldest first.

    A concern carried over becomes a new concern of the group's next cycle (`carried_from`);
    the whole chain is found from the group's links in one query, however long it is.
    """
    links = dict(
        Concern.objects.filter(
            cycle__group=concern.cycle.group_id, carried_from__isnull=False
        ).values_list("carried_from_id", "pk")
    )
    earlier = {new: old for old, new in links.items()}
    chain = [concern.pk]
    while chain[0] in earlier:
        chain.insert(0, earlier[chain[0]])
    while chain[-1] in links:
        chain.append(links[chain[-1]])
    return chain


@dataclass(frozen=True)
class Chapter:
    """One cycle of a concern's story: the concern as it stood in that cycle and what was done.

    `concern` is annotated `text_access` and carries, prefetched, who raised it (`raised_by`),
    the consultations where it was raised with the commitments made there (`raised_at`), its
    scores, and the plans that addressed it with their activities, monitoring updates,
    success criteria and the evaluation's results; `evaluation` is the cycle's, if any.
    """

    concern: Concern
    evaluation: Evaluation | None

    @property
    def cycle(self) -> Cycle:
        return self.concern.cycle


def concern_story(concern: Concern, user: User) -> list[Chapter]:
    """The concern's chapters, one per cycle of its chain, oldest first, in constant queries."""
    pks = concern_chain(concern)
    updates = (
        MonitoringUpdate.objects.with_reach()
        .select_related("reported_by")
        .prefetch_related("criteria_progress__criterion")
        .order_by("reported_on", "pk")
    )
    plans = (
        ActionPlan.objects.select_related("cycle")
        .order_by("cycle__number", "title", "pk")
        .prefetch_related(
            Prefetch(
                "activities",
                queryset=Activity.objects.with_reach()
                .order_by("planned_start", "pk")
                .prefetch_related(Prefetch("updates", queryset=updates)),
            ),
            Prefetch(
                "criteria",
                queryset=SuccessCriterion.objects.order_by("pk").prefetch_related("results"),
            ),
        )
    )
    consultations = (
        Consultation.objects.order_by("held_on", "pk")
        .select_related("group")
        .prefetch_related(Prefetch("commitments", queryset=Commitment.objects.order_by("pk")))
    )
    concerns = {
        row.pk: row
        for row in Concern.objects.visible_to(user)
        .filter(pk__in=pks)
        .with_text_access(user)
        .select_related("cycle__group", "cycle__evaluation")
        .prefetch_related(
            "raised_by",
            "scores",
            Prefetch("raised_at", queryset=consultations),
            Prefetch("plans", queryset=plans),
        )
    }
    chapters = []
    for pk in pks:
        row = concerns.get(pk)
        if row is None:
            continue
        try:
            evaluation = row.cycle.evaluation
        except Evaluation.DoesNotExist:
            evaluation = None
        chapters.append(Chapter(row, evaluation))
    return chapters
