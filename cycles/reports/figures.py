"""Each figure of a donor report, computed in the database over the report's scope.

Every function takes a `ReportScope` and runs a fixed number of queries (aggregate,
annotate, values().annotate()), whatever the number of groups or communities. What counts
and which date places a row in the period is written in docs/reports.md.
"""

import datetime
from decimal import Decimal

from django.db.models import Avg, Count, Exists, F, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce, TruncMonth, TruncQuarter

from communities.models import AgeBand, Community, Gender, Group, Membership
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
from cycles.reports.scope import ReportScope


def supported_groups(scope: ReportScope):
    """Covered groups that existed at some time in the period."""
    period = scope.period
    return scope.groups().filter(
        Q(established__isnull=True) | Q(established__lte=period.end),
        Q(merged_on__isnull=True) | Q(merged_on__gte=period.start),
    )


def coverage(scope: ReportScope) -> dict[str, int]:
    """Groups supported and the communities they work in (matching the place filters)."""
    groups = supported_groups(scope).values("pk")
    communities = Community.objects.filter(scope.place_condition(), groups__in=groups)
    return {
        "groups": Group.objects.filter(pk__in=groups).count(),
        "communities": communities.aggregate(n=Count("pk", distinct=True))["n"],
    }


def group_make_up(scope: ReportScope) -> dict[str, int]:
    """Running memberships of the supported groups on the period's last day (members, women,
    youth), and the groups with police and with the local authority among them then."""
    on = scope.period.end
    groups = supported_groups(scope).values("pk")
    running = Membership.objects.filter(
        Q(end__isnull=True) | Q(end__gte=on), start__lte=on, group__in=groups
    )
    found = running.aggregate(
        members=Count("pk"),
        women=Count("pk", filter=Q(person__gender=Gender.FEMALE)),
        youth=Count("pk", filter=Q(person__age_band__in=AgeBand.youth())),
    )
    with_sector = running.filter(group=OuterRef("pk"))
    police = with_sector.filter(sector__in=Membership.Sector.police())
    authority = with_sector.filter(sector=Membership.Sector.LOCAL_AUTHORITY)
    found |= Group.objects.filter(pk__in=groups).aggregate(
        with_police=Count("pk", filter=Q(Exists(police))),
        with_local_authority=Count("pk", filter=Q(Exists(authority))),
    )
    return found


def _cycles(scope: ReportScope):
    return Cycle.objects.filter(group__in=scope.group_ids())


def _step_at_end(scope: ReportScope):
    """The step a cycle was at on the period's last day: its last recorded move up to then,
    else its step now."""
    last_move = (
        CycleStepChange.objects.filter(cycle=OuterRef("pk"))
        .filter(changed_at__lt=scope.period.moment_after)
        .order_by("-changed_at", "-pk")
        .values("to_step")[:1]
    )
    return Coalesce(Subquery(last_move), F("step"))


def _open_at_end(scope: ReportScope):
    """Cycles started by the period's end and not closed by then."""
    end = scope.period.end
    return Cycle.objects.filter(
        Q(closed_on__isnull=True) | Q(closed_on__gt=end), started_on__lte=end
    )


def cycles(scope: ReportScope) -> dict[str, object]:
    """Cycles started and closed in the period; the open ones at its end, by the step they
    were at then (the last recorded move up to that day, else their step now)."""
    period = scope.period
    counts = _cycles(scope).aggregate(
        started=Count("pk", filter=period.dates("started_on")),
        completed=Count("pk", filter=period.dates("closed_on")),
    )
    by_step = (
        _open_at_end(scope)
        .filter(group__in=scope.group_ids())
        .annotate(step_at_end=_step_at_end(scope))
        .order_by()
        .values("step_at_end")
        .annotate(n=Count("pk"))
    )
    counts["at_step"] = {row["step_at_end"]: row["n"] for row in by_step}
    return counts


def facilitation(scope: ReportScope) -> dict[tuple[int, str], int]:
    """Cycles running at some time in the period, by cycle number and who facilitated them.

    Keys are (number, facilitation); numbers above 3 count as 3 ("third and later").
    """
    period = scope.period
    running = _cycles(scope).filter(
        Q(closed_on__isnull=True) | Q(closed_on__gte=period.start), started_on__lte=period.end
    )
    rows = running.order_by().values("number", "facilitation").annotate(n=Count("pk"))
    counts: dict[tuple[int, str], int] = {}
    for row in rows:
        key = (min(row["number"], 3), row["facilitation"])
        counts[key] = counts.get(key, 0) + row["n"]
    return counts


def _consultations(scope: ReportScope):
    return Consultation.objects.filter(scope.period.dates("held_on"), group__in=scope.group_ids())


def consultations(scope: ReportScope) -> dict[str, int]:
    """Consultations and meetings held in the period, by kind."""
    rows = _consultations(scope).order_by().values("kind").annotate(n=Count("pk"))
    return {row["kind"]: row["n"] for row in rows}


def attendance(scope: ReportScope) -> dict[tuple[str, str], int]:
    """People at the period's consultations and meetings by (gender, age band): attendances,
    so one person at two meetings counts twice."""
    rows = (
        Attendance.objects.filter(consultation__in=_consultations(scope).values("pk"))
        .order_by()
        .values("gender", "age_band")
        .annotate(n=Sum("count"))
    )
    return {(row["gender"], row["age_band"]): row["n"] for row in rows}


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
        Attendance.objects.filter(consultation__in=_consultations(scope).values("pk"))
        .annotate(bucket=truncate("consultation__held_on"))
        .order_by()
        .values("bucket", "gender", "age_band")
        .annotate(n=Sum("count"))
    )
    return {(row["bucket"], row["gender"], row["age_band"]): row["n"] for row in rows}


def _concerns(scope: ReportScope):
    """Concerns raised in the period: the first consultation that heard one dates it,
    else the start of its cycle."""
    first_heard = (
        Consultation.objects.filter(concerns=OuterRef("pk")).order_by("held_on").values("held_on")
    )
    # Only a concern heard at a consultation in the period, or whose cycle started in it, can
    # have been raised in it: this narrows the rows (by a join, not per row) before the
    # first-heard subquery runs on each (seconds at 2,000 communities without it).
    heard_in_period = Concern.raised_at.through.objects.filter(
        scope.period.dates("consultation__held_on")
    ).values("concern_id")
    return (
        Concern.objects.filter(cycle__group__in=scope.group_ids())
        .filter(Q(pk__in=heard_in_period) | scope.period.dates("cycle__started_on"))
        .annotate(raised_on=Coalesce(Subquery(first_heard[:1]), F("cycle__started_on")))
        .filter(scope.period.dates("raised_on"))
    )


def concerns_by_category(scope: ReportScope) -> dict[str, dict[str, int]]:
    """Concerns raised in the period by category: raised, and chosen as priorities."""
    rows = (
        _concerns(scope)
        .order_by()
        .values("category")
        .annotate(
            raised=Count("pk"),
            prioritised=Count("pk", filter=Q(status__in=Concern.Status.picked())),
        )
    )
    return {
        row["category"]: {"raised": row["raised"], "prioritised": row["prioritised"]}
        for row in rows
    }


def concerns_by_source(scope: ReportScope) -> dict[str, int]:
    """Concerns raised in the period by who raised them (a concern raised by women and by
    youth counts once for each)."""
    rows = (
        ConcernSource.objects.filter(concern__in=_concerns(scope).values("pk"))
        .order_by()
        .values("who")
        .annotate(n=Count("concern", distinct=True))
    )
    return {row["who"]: row["n"] for row in rows}


def _plans_moved_to(scope: ReportScope, status: str):
    moved = PlanEvent.objects.filter(
        scope.period.moments("at"), plan=OuterRef("pk"), to_status=status
    )
    return ActionPlan.objects.filter(Exists(moved), cycle__group__in=scope.group_ids())


def plans(scope: ReportScope) -> dict[str, int]:
    """Action plans approved in the period and plans completed in it (by their review log)."""
    return {
        "approved": _plans_moved_to(scope, ActionPlan.Status.APPROVED).count(),
        "completed": _plans_moved_to(scope, ActionPlan.Status.COMPLETED).count(),
    }


def _done_activities(scope: ReportScope):
    """Activities done, dated by their actual end (else actual start, else planned end)."""
    return (
        Activity.objects.filter(
            status=Activity.Status.DONE, plan__cycle__group__in=scope.group_ids()
        )
        .annotate(done_on=Coalesce("actual_end", "actual_start", "planned_end"))
        .filter(scope.period.dates("done_on"))
    )


def activities(scope: ReportScope) -> dict[str, int]:
    """Activities done in the period, by kind."""
    rows = _done_activities(scope).order_by().values("kind").annotate(n=Count("pk"))
    return {row["kind"]: row["n"] for row in rows}


def reach(scope: ReportScope) -> dict[tuple[str, str], int]:
    """People reached by the activities done in the period, by (gender, age band)."""
    rows = (
        ActivityReach.objects.filter(activity__in=_done_activities(scope).values("pk"))
        .order_by()
        .values("gender", "age_band")
        .annotate(n=Sum("count"))
    )
    return {(row["gender"], row["age_band"]): row["n"] for row in rows}


def _plans_first_approved_in(scope: ReportScope):
    first_approval = (
        PlanEvent.objects.filter(plan=OuterRef("pk"), to_status=ActionPlan.Status.APPROVED)
        .order_by("at")
        .values("at")[:1]
    )
    return (
        ActionPlan.objects.filter(cycle__group__in=scope.group_ids())
        .annotate(approved_at=Subquery(first_approval))
        .filter(scope.period.moments("approved_at"))
    )


def money(scope: ReportScope) -> dict[str, dict[str, Decimal]]:
    """Seed grants (activities not cancelled) and local contributions (pledged, delivered) of
    the plans first approved in the period, summed per currency, unconverted.

    Returns {"seed_grant": {currency: amount}, "pledged": {...}, "delivered": {...}}.
    """
    approved = _plans_first_approved_in(scope).values("pk")
    grants = (
        Activity.objects.filter(plan__in=approved, seed_grant__isnull=False)
        .exclude(status=Activity.Status.CANCELLED)
        .order_by()
        .values("seed_grant_currency")
        .annotate(total=Sum("seed_grant"))
    )
    contributions = (
        Contribution.objects.filter(plan__in=approved)
        .order_by()
        .values("currency")
        .annotate(pledged=Sum("value_pledged"), delivered=Sum("value_delivered"))
    )
    result: dict[str, dict[str, Decimal]] = {"seed_grant": {}, "pledged": {}, "delivered": {}}
    for row in grants:
        result["seed_grant"][row["seed_grant_currency"]] = row["total"]
    for row in contributions:
        result["pledged"][row["currency"]] = row["pledged"]
        result["delivered"][row["currency"]] = row["delivered"]
    return result


def rates(scope: ReportScope) -> dict[str, Decimal]:
    """Rates into the report's currency in force on the period's last day, by currency."""
    in_force = ExchangeRate.objects.in_force(scope.period.end, scope.currency)
    return {currency: rate.rate for currency, rate in in_force.items()}


def commitments(scope: ReportScope) -> dict[str, dict[str, int]]:
    """Commitments by police and authorities, by body: made at a meeting held in the period;
    kept and not kept as followed up in the period."""
    period = scope.period
    rows = (
        Commitment.objects.filter(consultation__group__in=scope.group_ids())
        .order_by()
        .values("body")
        .annotate(
            made=Count("pk", filter=period.dates("consultation__held_on")),
            kept=Count(
                "pk", filter=period.dates("followed_up_on") & Q(status=Commitment.Status.KEPT)
            ),
            not_kept=Count(
                "pk", filter=period.dates("followed_up_on") & Q(status=Commitment.Status.NOT_KEPT)
            ),
        )
    )
    return {row["body"]: {k: row[k] for k in ("made", "kept", "not_kept")} for row in rows}


def safety(scope: ReportScope) -> dict[str, object]:
    """Evaluations held in the period: how many, the average sense of safety before and
    after (1 very unsafe to 5 very safe), and how many gave each score."""
    evaluations = Evaluation.objects.filter(
        scope.period.dates("held_on"), cycle__group__in=scope.group_ids()
    )
    scores = range(1, 6)
    return evaluations.aggregate(
        evaluations=Count("pk"),
        before=Avg("safety_before"),
        after=Avg("safety_after"),
        **{f"before_{n}": Count("pk", filter=Q(safety_before=n)) for n in scores},
        **{f"after_{n}": Count("pk", filter=Q(safety_after=n)) for n in scores},
    )


def community_steps(scope: ReportScope) -> list[dict]:
    """The communities the report covers (as `coverage` counts them), with their place and
    the furthest step any of their supported groups' cycles was at on the period's last day
    (None when no cycle was running). One query."""
    groups = supported_groups(scope).values("pk")
    furthest = (
        _open_at_end(scope)
        .filter(group__in=groups, group__communities=OuterRef("pk"))
        .annotate(step_at_end=_step_at_end(scope))
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
