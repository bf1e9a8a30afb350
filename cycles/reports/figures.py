"""Each figure of a donor report, computed in the database over the report's scope.

A report shows its period beside the one before, so every function takes the scope and a
list of periods and returns one result per period: each query counts every period at
once with conditional aggregates (`Count(..., filter=...)`), so a report with its previous
period runs the same fixed number of queries as one without, whatever the number of
groups or communities. What counts and which date places a row in a period is written in
docs/reports.md.
"""

import datetime
import operator
from collections.abc import Callable, Sequence
from decimal import Decimal
from functools import reduce

from django.db.models import (
    Avg,
    BooleanField,
    Case,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Least, TruncMonth, TruncQuarter

from communities.models import AgeBand, Community, Gender, Group, Membership, running_on
from cycles.models import (
    ActionPlan,
    Activity,
    ActivityReach,
    Attendance,
    Commitment,
    Concern,
    ConcernSource,
    Consultation,
    Contribution,
    Cycle,
    CycleStepChange,
    Evaluation,
    ExchangeRate,
    PlanEvent,
)
from cycles.reports.scope import Period, ReportScope

Periods = Sequence[Period]


# Every period at once ------------------------------------------------------------------------


def _each(periods: Periods, make: Callable[[Period], dict]) -> dict:
    """The aggregates `make(period)` returns, for each period, named "p<index>_<name>"."""
    return {
        f"p{index}_{name}": aggregate
        for index, period in enumerate(periods)
        for name, aggregate in make(period).items()
    }


def _split(row: dict, periods: Periods) -> list[dict]:
    """A row holding `_each` aggregates as one dict per period ({name: value}); the row's
    other values (what it is grouped by) are left out."""
    found: list[dict] = [{} for _period in periods]
    for key, value in row.items():
        index, _sep, name = key.partition("_")
        if index[:1] == "p" and index[1:].isdigit():
            found[int(index[1:])][name] = value
    return found


def _any(periods: Periods, condition: Callable[[Period], Q]) -> Q:
    """Rows that fall in at least one of the periods: narrows the rows to aggregate."""
    return reduce(operator.or_, (condition(period) for period in periods))


def _grouped(rows, periods: Periods, keys: Callable[[dict], object]) -> list[dict]:
    """Grouped rows as, for each period, {key: {aggregate name: value}}."""
    found: list[dict] = [{} for _period in periods]
    for row in rows:
        key = keys(row)
        for index, values in enumerate(_split(row, periods)):
            found[index][key] = values
    return found


def _counts(rows, periods: Periods, keys: Callable[[dict], object], name: str = "n"):
    """Grouped rows as, for each period, {key: number} (None, no row matched, as 0)."""
    return [
        {key: values[name] or 0 for key, values in by_key.items()}
        for by_key in _grouped(rows, periods, keys)
    ]


# Groups and their members --------------------------------------------------------------------


def _existed(period: Period, prefix: str = "") -> Q:
    """Groups (reached through `prefix`) that existed at some time in the period."""
    return (
        Q(**{f"{prefix}established__isnull": True}) | Q(**{f"{prefix}established__lte": period.end})
    ) & (Q(**{f"{prefix}merged_on__isnull": True}) | Q(**{f"{prefix}merged_on__gte": period.start}))


def coverage(scope: ReportScope, periods: Periods) -> list[dict[str, int]]:
    """Groups supported (covered groups that existed at some time in the period), the
    communities they work in (matching the place filters), and how many of those groups had
    police and the local authority among their running members on the period's last day."""
    groups = scope.groups().values("pk")

    def counts(period: Period) -> dict:
        running = Membership.objects.filter(running_on(period.end), group=OuterRef("pk"))
        police = running.filter(sector__in=Membership.Sector.police())
        authority = running.filter(sector=Membership.Sector.LOCAL_AUTHORITY)
        existed = _existed(period)
        return {
            "groups": Count("pk", filter=existed),
            "with_police": Count("pk", filter=existed & Q(Exists(police))),
            "with_local_authority": Count("pk", filter=existed & Q(Exists(authority))),
        }

    found = _split(Group.objects.filter(pk__in=groups).aggregate(**_each(periods, counts)), periods)
    communities = Community.objects.filter(scope.place_condition(), groups__in=groups).aggregate(
        **_each(
            periods,
            lambda period: {
                "communities": Count(
                    "pk",
                    distinct=True,
                    filter=Q(groups__in=scope.groups().filter(_existed(period)).values("pk")),
                )
            },
        )
    )
    for counted, more in zip(found, _split(communities, periods), strict=True):
        counted.update(more)
    return found


def group_make_up(scope: ReportScope, periods: Periods) -> list[dict[str, int]]:
    """Running memberships of the supported groups on the period's last day: members, women,
    youth."""

    def counts(period: Period) -> dict:
        running = running_on(period.end) & _existed(period, "group__")
        return {
            "members": Count("pk", filter=running),
            "women": Count("pk", filter=running & Q(person__gender=Gender.FEMALE)),
            "youth": Count("pk", filter=running & Q(person__age_band__in=AgeBand.youth())),
        }

    memberships = Membership.objects.filter(
        _any(periods, lambda period: running_on(period.end)),
        group__in=scope.groups().values("pk"),
    )
    return _split(memberships.aggregate(**_each(periods, counts)), periods)


# Cycles --------------------------------------------------------------------------------------


def _step_at_end(period: Period):
    """The step a cycle was at on the period's last day: its last recorded move up to then,
    else its step now."""
    last_move = (
        CycleStepChange.objects.filter(cycle=OuterRef("pk"))
        .filter(changed_at__lt=period.moment_after)
        .order_by("-changed_at", "-pk")
        .values("to_step")[:1]
    )
    return Coalesce(Subquery(last_move), F("step"))


def _open_at_end(period: Period, prefix: str = "") -> Q:
    """Cycles started by the period's end and not closed by then."""
    end = period.end
    return Q(**{f"{prefix}started_on__lte": end}) & (
        Q(**{f"{prefix}closed_on__isnull": True}) | Q(**{f"{prefix}closed_on__gt": end})
    )


def _running_in(period: Period) -> Q:
    """Cycles running at some time in the period."""
    return Q(started_on__lte=period.end) & (
        Q(closed_on__isnull=True) | Q(closed_on__gte=period.start)
    )


def cycles(scope: ReportScope, periods: Periods) -> list[dict[str, object]]:
    """Cycles started and closed in the period; the open ones at its end, by the step they
    were at then (the last recorded move up to that day, else their step now); and the
    cycles running at some time in the period by cycle number and who facilitated them
    ("facilitation", keyed (number, facilitation); numbers above 3 count as 3, "third and
    later"). One query."""
    steps = {f"step_at_end_{index}": period for index, period in enumerate(periods)}
    rows = (
        Cycle.objects.filter(_any(periods, _running_in), group__in=scope.group_ids())
        .annotate(
            band=Least("number", Value(3)),
            # Only an open cycle has a step at the end: grouped by, so computed once a row.
            **{
                name: Case(When(_open_at_end(period), then=_step_at_end(period)))
                for name, period in steps.items()
            },
        )
        .order_by()
        .values("band", "facilitation", *steps)
        .annotate(
            n=Count("pk"),
            **_each(
                periods,
                lambda period: {
                    "started": Count("pk", filter=period.dates("started_on")),
                    "completed": Count("pk", filter=period.dates("closed_on")),
                    "running": Count("pk", filter=_running_in(period)),
                },
            ),
        )
    )
    found = [
        {"started": 0, "completed": 0, "at_step": {}, "facilitation": {}} for _period in periods
    ]
    for row in rows:
        for index, values in enumerate(_split(row, periods)):
            counted = found[index]
            counted["started"] += values["started"]
            counted["completed"] += values["completed"]
            key = (row["band"], row["facilitation"])
            if values["running"]:
                counted["facilitation"][key] = (
                    counted["facilitation"].get(key, 0) + values["running"]
                )
            step = row[f"step_at_end_{index}"]
            if step is not None:
                counted["at_step"][step] = counted["at_step"].get(step, 0) + row["n"]
    return found


# Consultations -------------------------------------------------------------------------------


def consultations(scope: ReportScope, periods: Periods) -> list[dict[str, int]]:
    """Consultations and meetings held in the period, by kind."""
    rows = (
        Consultation.objects.filter(
            _any(periods, lambda period: period.dates("held_on")), group__in=scope.group_ids()
        )
        .order_by()
        .values("kind")
        .annotate(
            **_each(periods, lambda period: {"n": Count("pk", filter=period.dates("held_on"))})
        )
    )
    return _counts(rows, periods, lambda row: row["kind"])


def attendance(scope: ReportScope, periods: Periods) -> list[dict[tuple[str, str], int]]:
    """People at the period's consultations and meetings by (gender, age band): attendances,
    so one person at two meetings counts twice."""
    rows = (
        Attendance.objects.filter(
            _any(periods, lambda period: period.dates("consultation__held_on")),
            consultation__group__in=scope.group_ids(),
        )
        .order_by()
        .values("gender", "age_band")
        .annotate(
            **_each(
                periods,
                lambda period: {"n": Sum("count", filter=period.dates("consultation__held_on"))},
            )
        )
    )
    return _counts(rows, periods, lambda row: (row["gender"], row["age_band"]))


# A custom period longer than this many months is charted by quarter rather than by month.
MONTHS_CHARTED_BY_MONTH = 24


def time_buckets(scope: ReportScope) -> tuple[str, list[datetime.date]]:
    """How the period is cut for a chart over time ("month" or "quarter") and the first day
    of each month or quarter in it."""
    start, end = scope.period.start, scope.period.end
    months = (end.year - start.year) * 12 + end.month - start.month + 1
    step = 1 if months <= MONTHS_CHARTED_BY_MONTH else 3
    first = start.replace(day=1, month=start.month - (start.month - 1) % step)
    buckets = []
    while first <= end:
        buckets.append(first)
        month = first.month + step
        first = first.replace(year=first.year + (month - 1) // 12, month=(month - 1) % 12 + 1)
    return ("month" if step == 1 else "quarter"), buckets


def attendance_over_time(scope: ReportScope) -> dict[tuple[datetime.date, str, str], int]:
    """People at the period's consultations and meetings by (first day of the month, or of
    the quarter for a long period; gender; age band). One query."""
    unit, _buckets = time_buckets(scope)
    truncate = TruncMonth if unit == "month" else TruncQuarter
    rows = (
        Attendance.objects.filter(
            scope.period.dates("consultation__held_on"),
            consultation__group__in=scope.group_ids(),
        )
        .annotate(bucket=truncate("consultation__held_on"))
        .order_by()
        .values("bucket", "gender", "age_band")
        .annotate(n=Sum("count"))
    )
    return {(row["bucket"], row["gender"], row["age_band"]): row["n"] for row in rows}


# Concerns ------------------------------------------------------------------------------------


def _raised_in(scope: ReportScope, period: Period, prefix: str = "") -> Q:
    """Concerns (reached through `prefix`) raised in the period: the first consultation
    that heard one dates it, else the start of its cycle.

    Written as two small sets of concerns the database builds once each and looks rows up
    in: those heard in the period and not before it, found from the period's consultations
    (a concern is only ever heard at its own group's), and those never heard whose cycle
    started in it. A first-heard subquery for every concern took seconds at 2,000
    communities.
    """
    hearings = Concern.raised_at.through.objects
    heard_before = hearings.filter(
        concern=OuterRef("concern_id"), consultation__held_on__lt=period.start
    )
    first_heard_in = (
        hearings.filter(period.dates("consultation__held_on"))
        .filter(consultation__group__in=scope.group_ids())
        .filter(~Exists(heard_before))
        .values("concern_id")
    )
    never_heard = (
        Concern.objects.filter(period.dates("cycle__started_on"))
        .filter(cycle__group__in=scope.group_ids())
        .filter(~Exists(hearings.filter(concern=OuterRef("pk"))))
        .values("pk")
    )
    concern = f"{prefix}pk" if prefix else "pk"
    return Q(**{f"{concern}__in": first_heard_in}) | Q(**{f"{concern}__in": never_heard})


def _raised_flags(scope: ReportScope, periods: Periods, prefix: str = "") -> dict:
    """Annotations "raised_<index>": whether the concern was raised in each period."""
    return {
        f"raised_{index}": ExpressionWrapper(
            _raised_in(scope, period, prefix), output_field=BooleanField()
        )
        for index, period in enumerate(periods)
    }


def concerns_by_category(scope: ReportScope, periods: Periods) -> list[dict[str, dict[str, int]]]:
    """Concerns raised in the period by category: raised, and chosen as priorities."""
    flags = _raised_flags(scope, periods)
    rows = (
        Concern.objects.filter(cycle__group__in=scope.group_ids())
        .annotate(
            picked=ExpressionWrapper(
                Q(status__in=Concern.Status.picked()), output_field=BooleanField()
            ),
            **flags,
        )
        .order_by()
        .values("category", "picked", *flags)
        .annotate(n=Count("pk"))
    )
    found: list[dict] = [{} for _period in periods]
    for row in rows:
        for index in range(len(periods)):
            if row[f"raised_{index}"]:
                counts = found[index].setdefault(row["category"], {"raised": 0, "prioritised": 0})
                counts["raised"] += row["n"]
                if row["picked"]:
                    counts["prioritised"] += row["n"]
    return found


def concerns_by_source(scope: ReportScope, periods: Periods) -> list[dict[str, int]]:
    """Concerns raised in the period by who raised them (a concern raised by women and by
    youth counts once for each)."""
    flags = _raised_flags(scope, periods, "concern__")
    rows = (
        ConcernSource.objects.filter(concern__cycle__group__in=scope.group_ids())
        .annotate(**flags)
        .order_by()
        .values("who", *flags)
        .annotate(n=Count("concern", distinct=True))
    )
    found: list[dict] = [{} for _period in periods]
    for row in rows:
        for index in range(len(periods)):
            if row[f"raised_{index}"]:
                found[index][row["who"]] = found[index].get(row["who"], 0) + row["n"]
    return found


# Plans, activities, money --------------------------------------------------------------------


def _plans_moved(period: Period, status: str):
    """Plans moved to `status` in the period, by their review log (a subquery of ids)."""
    return PlanEvent.objects.filter(period.moments("at"), to_status=status).values("plan_id")


def plans(scope: ReportScope, periods: Periods) -> list[dict[str, int]]:
    """Action plans approved in the period and plans completed in it (by their review log)."""
    approved, completed = ActionPlan.Status.APPROVED, ActionPlan.Status.COMPLETED
    counted = ActionPlan.objects.filter(cycle__group__in=scope.group_ids()).aggregate(
        **_each(
            periods,
            lambda period: {
                "approved": Count("pk", filter=Q(pk__in=_plans_moved(period, approved))),
                "completed": Count("pk", filter=Q(pk__in=_plans_moved(period, completed))),
            },
        )
    )
    return _split(counted, periods)


def _approved_flags(scope: ReportScope, periods: Periods) -> dict:
    """Annotations "approved_<index>": whether the row's plan was first approved in each
    period (approved in it and never before it, by the review log of the covered plans)."""
    approvals = PlanEvent.objects.filter(
        to_status=ActionPlan.Status.APPROVED, plan__cycle__group__in=scope.group_ids()
    ).values("plan_id")
    return {
        f"approved_{index}": ExpressionWrapper(
            Q(plan__in=approvals.filter(period.moments("at")))
            & ~Q(plan__in=approvals.filter(at__lt=period.first_moment)),
            output_field=BooleanField(),
        )
        for index, period in enumerate(periods)
    }


def _done_on(prefix: str = ""):
    """When an activity (through `prefix`) was done: its actual end, else its actual start,
    else its planned end."""
    return Coalesce(f"{prefix}actual_end", f"{prefix}actual_start", f"{prefix}planned_end")


def _done_in(period: Period) -> Q:
    """Activities done in the period (with `done_on` annotated)."""
    return Q(status=Activity.Status.DONE) & period.dates("done_on")


def activities(scope: ReportScope, periods: Periods) -> list[dict[str, dict]]:
    """Activities done in the period, by kind ("done"), and the seed grants of the activities
    (not cancelled) of plans first approved in the period, summed per currency, unconverted
    ("seed_grant"). One query."""
    flags = _approved_flags(scope, periods)
    rows = (
        Activity.objects.filter(plan__cycle__group__in=scope.group_ids())
        .annotate(done_on=_done_on(), **flags)
        .order_by()
        .values("kind", "seed_grant_currency", *flags)
        .annotate(
            seed_grant=Sum("seed_grant", filter=~Q(status=Activity.Status.CANCELLED)),
            **_each(periods, lambda period: {"done": Count("pk", filter=_done_in(period))}),
        )
    )
    found: list[dict] = [{"done": {}, "seed_grant": {}} for _period in periods]
    for row in rows:
        for index, values in enumerate(_split(row, periods)):
            done, grants = found[index]["done"], found[index]["seed_grant"]
            if values["done"]:
                done[row["kind"]] = done.get(row["kind"], 0) + values["done"]
            if row[f"approved_{index}"] and row["seed_grant"] is not None:
                currency = row["seed_grant_currency"]
                grants[currency] = grants.get(currency, Decimal(0)) + row["seed_grant"]
    return found


def reach(scope: ReportScope, periods: Periods) -> list[dict[tuple[str, str], int]]:
    """People reached by the activities done in the period, by (gender, age band)."""
    rows = (
        ActivityReach.objects.filter(
            activity__status=Activity.Status.DONE,
            activity__plan__cycle__group__in=scope.group_ids(),
        )
        .annotate(done_on=_done_on("activity__"))
        .filter(_any(periods, lambda period: period.dates("done_on")))
        .order_by()
        .values("gender", "age_band")
        .annotate(
            **_each(periods, lambda period: {"n": Sum("count", filter=period.dates("done_on"))})
        )
    )
    return _counts(rows, periods, lambda row: (row["gender"], row["age_band"]))


def contributions(scope: ReportScope, periods: Periods) -> list[dict[str, dict[str, Decimal]]]:
    """Local contributions (pledged, delivered) to the plans first approved in the period,
    summed per currency, unconverted: {"pledged": {currency: amount}, "delivered": {...}}."""
    flags = _approved_flags(scope, periods)
    rows = (
        Contribution.objects.filter(plan__cycle__group__in=scope.group_ids())
        .annotate(**flags)
        .order_by()
        .values("currency", *flags)
        .annotate(pledged=Sum("value_pledged"), delivered=Sum("value_delivered"))
    )
    found: list[dict] = [{"pledged": {}, "delivered": {}} for _period in periods]
    for row in rows:
        for index in range(len(periods)):
            for kind in ("pledged", "delivered"):
                if row[f"approved_{index}"] and row[kind] is not None:
                    amounts = found[index][kind]
                    amounts[row["currency"]] = amounts.get(row["currency"], 0) + row[kind]
    return found


def rates(scope: ReportScope, periods: Periods) -> list[dict[str, Decimal]]:
    """Rates into the report's currency in force on the period's last day, by currency."""
    in_force = ExchangeRate.objects.in_force([period.end for period in periods], scope.currency)
    return [{currency: rate.rate for currency, rate in day.items()} for day in in_force]


# Commitments and safety ----------------------------------------------------------------------


def commitments(scope: ReportScope, periods: Periods) -> list[dict[str, dict[str, int]]]:
    """Commitments by police and authorities, by body: made at a meeting held in the period;
    kept and not kept as followed up in the period."""
    kept, not_kept = Commitment.Status.KEPT, Commitment.Status.NOT_KEPT
    rows = (
        Commitment.objects.filter(
            _any(
                periods,
                lambda period: (
                    period.dates("consultation__held_on") | period.dates("followed_up_on")
                ),
            ),
            consultation__group__in=scope.group_ids(),
        )
        .order_by()
        .values("body")
        .annotate(
            **_each(
                periods,
                lambda period: {
                    "made": Count("pk", filter=period.dates("consultation__held_on")),
                    "kept": Count("pk", filter=period.dates("followed_up_on") & Q(status=kept)),
                    "not_kept": Count(
                        "pk", filter=period.dates("followed_up_on") & Q(status=not_kept)
                    ),
                },
            )
        )
    )
    return _grouped(rows, periods, lambda row: row["body"])


def safety(scope: ReportScope, periods: Periods) -> list[dict[str, object]]:
    """Evaluations held in the period: how many, the average sense of safety before and
    after (1 very unsafe to 5 very safe), and how many gave each score."""
    scores = range(1, 6)

    def figures(period: Period) -> dict:
        held = period.dates("held_on")
        return {
            "evaluations": Count("pk", filter=held),
            "before": Avg("safety_before", filter=held),
            "after": Avg("safety_after", filter=held),
            **{f"before_{n}": Count("pk", filter=held & Q(safety_before=n)) for n in scores},
            **{f"after_{n}": Count("pk", filter=held & Q(safety_after=n)) for n in scores},
        }

    evaluations = Evaluation.objects.filter(
        _any(periods, lambda period: period.dates("held_on")),
        cycle__group__in=scope.group_ids(),
    )
    return _split(evaluations.aggregate(**_each(periods, figures)), periods)


# Every figure --------------------------------------------------------------------------------

FIGURES = {
    "coverage": coverage,
    "make_up": group_make_up,
    "cycles": cycles,
    "consultations": consultations,
    "attendance": attendance,
    "concerns": concerns_by_category,
    "concern_sources": concerns_by_source,
    "plans": plans,
    "activities": activities,
    "reach": reach,
    "contributions": contributions,
    "rates": rates,
    "commitments": commitments,
    "safety": safety,
}


def compute(scope: ReportScope, periods: Periods) -> list[dict[str, object]]:
    """Every figure of the report for each period ({figure name: result}), one query per
    figure (a few more for the largest) whatever the number of periods."""
    found: list[dict] = [{} for _period in periods]
    for name, figure in FIGURES.items():
        for index, result in enumerate(figure(scope, periods)):
            found[index][name] = result
    return found


# The map -------------------------------------------------------------------------------------


def community_steps(scope: ReportScope) -> list[dict]:
    """The communities the report covers (as `coverage` counts them), with their place and
    the furthest step any of their supported groups' cycles was at on the period's last day
    (None when no cycle was running). One query."""
    period = scope.period
    groups = scope.groups().filter(_existed(period)).values("pk")
    furthest = (
        Cycle.objects.filter(
            _open_at_end(period), group__in=groups, group__communities=OuterRef("pk")
        )
        .annotate(step_at_end=_step_at_end(period))
        .order_by("-step_at_end")
        .values("step_at_end")[:1]
    )
    return list(
        Community.objects.filter(
            scope.place_condition(),
            pk__in=Community.objects.filter(groups__in=groups).values("pk"),
        )
        .annotate(step=Subquery(furthest))
        .order_by("name", "pk")
        .values("name", "district__name", "latitude", "longitude", "step")
    )
