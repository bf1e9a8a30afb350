"""The donor report data layer: every figure against a small hand-built dataset.

The dataset (see `world`) covers the second quarter of 2014 for programme A: two
communities, two groups, three cycles, consultations in and out of the period, concerns,
plans with activities and money in three currencies (one with a rate), commitments and an
evaluation; organisation B runs a group of its own that must never be counted for A.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from communities.models import AgeBand, Gender, Membership
from cycles.models import (
    ActionPlan,
    Activity,
    Concern,
    ConcernSource,
    Consultation,
    Cycle,
    ExchangeRate,
    ExportLog,
    ReportSignOff,
)
from cycles.reports.scope import Period, ReportScope
from cycles.reports.services import (
    donor_period,
    for_viewer,
    last_signed_off_period,
    record_export,
    report,
    report_with_previous,
    sign_off_report,
)
from cycles.reports.suppression import Suppressed, is_suppressed, suppress_table
from cycles.reports.tables import COUNT, Column, Row, Table
from tests.cycles.factories import (
    ActionPlanFactory,
    ActivityFactory,
    ActivityReachFactory,
    AttendanceFactory,
    CommitmentFactory,
    ConcernFactory,
    ConcernSourceFactory,
    ConsultationFactory,
    ContributionFactory,
    CycleFactory,
    CycleStepChangeFactory,
    EvaluationFactory,
    PlanEventFactory,
)
from tests.factories import (
    CommunityFactory,
    DistrictFactory,
    GroupFactory,
    MembershipFactory,
    PersonFactory,
    ProgrammeFactory,
    RegionFactory,
)

pytestmark = pytest.mark.django_db

Q2 = Period.quarter(2014, 2)
F, M = Gender.FEMALE, Gender.MALE


def day(month: int, date: int, year: int = 2014) -> datetime.date:
    return datetime.date(year, month, date)


def moment(month: int, date: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(2014, month, date, 12))


@dataclass
class Dataset:
    g1: object
    g2: object
    osh: object
    isfara_district: object


def member(group, gender, age_band=AgeBand.ADULT_29_45, sector="community", **kwargs):
    person = PersonFactory(gender=gender, age_band=age_band, organisation=group.partner)
    return MembershipFactory(person=person, group=group, sector=sector, **kwargs)


def plan_with_events(cycle, by, *events):
    plan = ActionPlanFactory(cycle=cycle)
    for status, at in events:
        PlanEventFactory(plan=plan, to_status=status, by=by, at=at)
    return plan


@pytest.fixture
def world(org_a, org_b, programme_a, partner_a, facilitator_a):
    programme_a.currency = "USD"
    programme_a.save()
    osh = RegionFactory(country="KG", name="Osh")
    sughd = RegionFactory(country="TJ", name="Sughd")
    x = CommunityFactory(name="Kara-Suu", district=DistrictFactory(region=osh, name="Nookat"))
    isfara = DistrictFactory(region=sughd, name="Isfara")
    y = CommunityFactory(name="Somonion", district=isfara)
    g1 = GroupFactory(name="Kara-Suu CSWG", partner=org_a, programme=programme_a, communities=[x])
    g2 = GroupFactory(
        name="Somonion LCPC", kind="lcpc", partner=org_a, programme=programme_a, communities=[y]
    )

    # Make-up on 30 June: G1 three women (one youth) and two men (one police inspector);
    # G2 a local-authority man, and a woman who left on 1 May.
    member(g1, F)
    member(g1, F)
    member(g1, F, AgeBand.YOUTH_18_28)
    member(g1, M, sector=Membership.Sector.NEIGHBOURHOOD_INSPECTOR)
    member(g1, M)
    member(g2, M, sector=Membership.Sector.LOCAL_AUTHORITY)
    member(g2, F, end=day(5, 1))

    # Cycles: C1 started before the quarter, at step 2 on 30 June (step 3 only in July);
    # C2 started and closed in it; C3 started in it, no moves recorded (step 1 now).
    c1 = CycleFactory(group=g1, number=1, facilitation="partner_led", started_on=day(3, 1), step=3)
    CycleStepChangeFactory(
        cycle=c1, action="advanced", from_step=1, to_step=2, changed_at=moment(5, 10)
    )
    CycleStepChangeFactory(
        cycle=c1, action="advanced", from_step=2, to_step=3, changed_at=moment(7, 5)
    )
    c2 = CycleFactory(
        group=g2, number=1, facilitation="co_facilitated", started_on=day(4, 15), step=5
    )
    EvaluationFactory(cycle=c2, held_on=day(6, 18), safety_before=2, safety_after=4)
    Cycle.objects.filter(pk=c2.pk).update(closed_on=day(6, 20))
    c3 = CycleFactory(group=g2, number=2, facilitation="group_led", started_on=day(6, 25), step=1)

    # Consultations: three in the quarter, one in March.
    k1 = ConsultationFactory(cycle=c1, kind=Consultation.Kind.COMMUNITY, held_on=day(4, 10))
    AttendanceFactory(consultation=k1, gender=F, age_band=AgeBand.ADULT_29_45, count=12)
    AttendanceFactory(consultation=k1, gender=M, age_band=AgeBand.ADULT_29_45, count=8)
    AttendanceFactory(consultation=k1, gender=F, age_band=AgeBand.YOUTH_18_28, count=3)
    k2 = ConsultationFactory(cycle=c1, kind=Consultation.Kind.WOMEN, held_on=day(5, 5))
    AttendanceFactory(consultation=k2, gender=F, age_band=AgeBand.YOUTH_14_17, count=6)
    k3 = ConsultationFactory(cycle=c2, kind=Consultation.Kind.ROUND_TABLE, held_on=day(6, 1))
    AttendanceFactory(consultation=k3, gender=M, age_band=AgeBand.ADULT_46_59, count=2)
    k4 = ConsultationFactory(cycle=c1, kind=Consultation.Kind.COMMUNITY, held_on=day(3, 20))
    AttendanceFactory(consultation=k4, gender=F, age_band=AgeBand.ADULT_29_45, count=50)

    # Concerns: dated by the first consultation that heard them, else their cycle's start.
    water = ConcernFactory(cycle=c1, category="natural_resources", status="prioritised")
    water.raised_at.add(k1)
    ConcernSourceFactory(concern=water, who=ConcernSource.Who.WOMEN)
    ConcernSourceFactory(concern=water, who=ConcernSource.Who.YOUTH)
    secret = ConcernFactory(
        cycle=c1, category="gender_violence", sensitivity=Concern.Sensitivity.HIGHLY_SENSITIVE
    )
    secret.raised_at.add(k2)
    ConcernSourceFactory(concern=secret, who=ConcernSource.Who.WOMEN)
    march = ConcernFactory(cycle=c1, category="crime")
    march.raised_at.add(k4)
    ConcernSourceFactory(concern=march, who=ConcernSource.Who.ELDERS)
    road = ConcernFactory(cycle=c3, category="road_safety")
    ConcernSourceFactory(concern=road, who=ConcernSource.Who.COMMUNITY)

    # Plans: P1 and P2 approved in the quarter (P2 also completed), P3 only in July.
    S = ActionPlan.Status
    p1 = plan_with_events(c1, partner_a, (S.SUBMITTED, moment(5, 1)), (S.APPROVED, moment(5, 15)))
    p2 = plan_with_events(c2, partner_a, (S.APPROVED, moment(4, 20)), (S.COMPLETED, moment(6, 15)))
    p3 = plan_with_events(c1, partner_a, (S.APPROVED, moment(7, 2)))
    done = Activity.Status.DONE
    a1 = ActivityFactory(
        plan=p1, kind="festival", status=done, actual_end=day(6, 10), seed_grant=Decimal(40000)
    )
    ActivityReachFactory(activity=a1, gender=F, age_band=AgeBand.YOUTH_14_17, count=20)
    ActivityReachFactory(activity=a1, gender=M, age_band=AgeBand.YOUTH_14_17, count=15)
    ActivityFactory(plan=p1, status="planned", seed_grant=Decimal(10000))
    ActivityFactory(
        plan=p2,
        status=done,
        actual_end=day(7, 10),
        seed_grant=Decimal(100),
        seed_grant_currency="USD",
    )
    ActivityFactory(plan=p2, status="cancelled", seed_grant=Decimal(500), seed_grant_currency="USD")
    a5 = ActivityFactory(
        plan=p3, kind="round_table", status=done, actual_end=day(6, 1), seed_grant=Decimal(999)
    )
    ActivityReachFactory(activity=a5, gender=M, age_band=AgeBand.ELDER, count=3)
    ContributionFactory(plan=p1, value_pledged=30000, value_delivered=10000, currency="KGS")
    ContributionFactory(plan=p2, value_pledged=700, value_delivered=700, currency="TJS")
    ContributionFactory(plan=p3, value_pledged=5000, value_delivered=5000, currency="KGS")
    ExchangeRate.objects.create(
        from_currency="KGS", to_currency="USD", rate="0.02", valid_from=day(1, 1)
    )
    ExchangeRate.objects.create(
        from_currency="KGS", to_currency="USD", rate="0.5", valid_from=day(7, 1)
    )
    ExchangeRate.objects.create(
        from_currency="TJS", to_currency="EUR", rate="0.1", valid_from=day(1, 1)
    )

    # Commitments: police kept one (made in June) and broke one (made in March, followed up
    # in April); the local authority's promise of April is pending.
    CommitmentFactory(
        consultation=k3, body="police", status="kept", followed_up_on=day(6, 20), due_on=None
    )
    CommitmentFactory(consultation=k1, body="local_authority", due_on=None)
    CommitmentFactory(
        consultation=k4, body="police", status="not_kept", followed_up_on=day(4, 30), due_on=None
    )

    # Organisation B's group, busy in the same quarter.
    b_group = GroupFactory(name="Vorukh CSWG", partner=org_b, programme=ProgrammeFactory())
    b_cycle = CycleFactory(group=b_group, number=1, started_on=day(4, 1))
    b_meeting = ConsultationFactory(cycle=b_cycle, held_on=day(4, 2))
    AttendanceFactory(consultation=b_meeting, count=100)
    member(b_group, F)
    return Dataset(g1=g1, g2=g2, osh=osh, isfara_district=isfara)


def exact(user, **filters):
    return report(ReportScope(viewer=user, period=Q2, **filters))


def test_coverage_and_make_up(world, partner_a):
    tables = exact(partner_a)

    assert tables.table("coverage").as_dict() == {
        "communities": {"n": 2},
        "groups": {"n": 2},
    }
    assert tables.table("make_up").as_dict() == {
        "members": {"n": 6, "share": None},
        "women": {"n": 3, "share": Decimal("50.0")},
        "youth": {"n": 1, "share": Decimal("16.7")},
        "groups": {"n": 2, "share": None},
        "with_police": {"n": 1, "share": Decimal("50.0")},
        "with_local_authority": {"n": 1, "share": Decimal("50.0")},
    }


def test_cycles_by_step_and_who_facilitated_them(world, partner_a):
    tables = exact(partner_a)

    assert tables.table("cycles").as_dict() == {
        "started": {"n": 2},
        "completed": {"n": 1},
        "step_1": {"n": 1},
        "step_2": {"n": 1},
        "step_3": {"n": 0},
        "step_4": {"n": 0},
        "step_5": {"n": 0},
    }
    assert tables.table("facilitation").as_dict() == {
        "1": {"partner_led": 1, "co_facilitated": 1, "group_led": 0, "total": 2},
        "2": {"partner_led": 0, "co_facilitated": 0, "group_led": 1, "total": 1},
        "3": {"partner_led": 0, "co_facilitated": 0, "group_led": 0, "total": 0},
        "total": {"partner_led": 1, "co_facilitated": 1, "group_led": 1, "total": 3},
    }


def test_consultations_and_people_consulted(world, partner_a):
    tables = exact(partner_a)

    held = tables.table("consultations").as_dict()
    assert {key: row["n"] for key, row in held.items() if row["n"]} == {
        "community_consultation": 1,
        "womens_consultation": 1,
        "round_table": 1,
        "total": 3,
    }
    attendance = tables.table("attendance").as_dict()
    assert attendance["female"] == {
        "0-13": 0,
        "14-17": 6,
        "18-28": 3,
        "29-45": 12,
        "46-59": 0,
        "60+": 0,
        "total": 21,
    }
    assert attendance["male"] == {
        "0-13": 0,
        "14-17": 0,
        "18-28": 0,
        "29-45": 8,
        "46-59": 2,
        "60+": 0,
        "total": 10,
    }
    assert attendance["total"]["total"] == 31
    assert tables.table("attendance_shares").as_dict() == {
        "people": {"people": 31, "share": None},
        "women": {"people": 21, "share": Decimal("67.7")},
        "youth": {"people": 9, "share": Decimal("29.0")},
    }


def test_concerns_by_category_and_by_who_raised_them(world, partner_a):
    tables = exact(partner_a)

    by_category = tables.table("concerns").as_dict()
    assert {key: row for key, row in by_category.items() if row["raised"]} == {
        "natural_resources": {"raised": 1, "prioritised": 1},
        "gender_violence": {"raised": 1, "prioritised": 0},
        "road_safety": {"raised": 1, "prioritised": 0},
        "total": {"raised": 3, "prioritised": 1},
    }
    by_source = tables.table("concern_sources").as_dict()
    assert {key: row["n"] for key, row in by_source.items() if row["n"]} == {
        "women": 2,
        "youth": 1,
        "community": 1,
    }


def test_plans_activities_and_people_reached(world, partner_a):
    tables = exact(partner_a)

    assert tables.table("plans").as_dict() == {"approved": {"n": 2}, "completed": {"n": 1}}
    activities = tables.table("activities").as_dict()
    assert {key: row["n"] for key, row in activities.items() if row["n"]} == {
        "festival": 1,
        "round_table": 1,
        "total": 2,
    }
    assert tables.table("reach_shares").as_dict() == {
        "people": {"people": 38, "share": None},
        "women": {"people": 20, "share": Decimal("52.6")},
        "youth": {"people": 35, "share": Decimal("92.1")},
    }


def test_money_is_converted_at_the_rate_in_force_at_the_end_and_the_rest_listed(world, partner_a):
    tables = exact(partner_a)

    # Seed grants 50,000 KGS x 0.02 + 100 USD; the cancelled 500 USD and July's plan left out.
    assert tables.table("money").as_dict() == {
        "seed_grant": {"amount": Decimal("1100.00")},
        "pledged": {"amount": Decimal("600.00")},
        "delivered": {"amount": Decimal("200.00")},
    }
    assert tables.table("local_share").as_dict() == {
        "pledged": {"share": Decimal("35.3")},
        "delivered": {"share": Decimal("15.4")},
    }
    # No TJS -> USD rate (only TJS -> EUR): reported apart in somoni, not dropped.
    assert tables.table("not_converted").as_dict() == {
        "pledged_TJS": {"amount": Decimal("700.00")},
        "delivered_TJS": {"amount": Decimal("700.00")},
    }


def test_commitments_and_safety(world, partner_a):
    tables = exact(partner_a)

    commitments = tables.table("commitments").as_dict()
    assert commitments["police"] == {"made": 1, "kept": 1, "not_kept": 1}
    assert commitments["local_authority"] == {"made": 1, "kept": 0, "not_kept": 0}
    assert commitments["total"] == {"made": 2, "kept": 1, "not_kept": 1}
    assert tables.table("safety").as_dict() == {
        "evaluations": {"before": 1, "after": 1},
        "average": {"before": Decimal("2.0"), "after": Decimal("4.0")},
    }
    scores = tables.table("safety_scores").as_dict()
    assert scores["2"] == {"before": 1, "after": 0}
    assert scores["4"] == {"before": 0, "after": 1}
    assert scores["total"] == {"before": 1, "after": 1}


def test_place_and_group_filters_narrow_every_figure(world, partner_a):
    in_osh = exact(partner_a, region=world.osh.pk)
    in_tajikistan = exact(partner_a, country="TJ")
    in_isfara = exact(partner_a, district=world.isfara_district.pk)
    one_group = exact(partner_a, group=world.g2.pk)

    assert in_osh.table("coverage").as_dict()["groups"] == {"n": 1}
    assert in_osh.table("attendance").cell("total", "total") == 29
    assert in_tajikistan.table("attendance").cell("total", "total") == 2
    assert in_isfara.table("cycles").cell("started", "n") == 2
    assert one_group.table("safety").cell("evaluations", "before") == 1
    assert one_group.table("make_up").cell("members", "n") == 1


def test_partner_staff_of_b_get_none_of_as_figures(world, partner_b):
    tables = exact(partner_b)

    assert tables.table("attendance").cell("total", "total") == 100
    assert tables.table("coverage").cell("groups", "n") == 1


def test_a_donor_never_gets_figures_of_another_programme(world, donor_a, programme_a, partner_a):
    other = world.g1.__class__.objects.get(name="Vorukh CSWG").programme
    ReportSignOff.objects.create(
        programme=other, period_start=Q2.start, period_end=Q2.end, signed_by=partner_a
    )
    ReportSignOff.objects.create(
        programme=programme_a, period_start=Q2.start, period_end=Q2.end, signed_by=partner_a
    )

    theirs = exact(donor_a, programme=other)
    ours = exact(donor_a, programme=programme_a)

    assert theirs.table("attendance").cell("total", "total") == 0
    assert theirs.table("coverage").cell("groups", "n") == 0
    assert ours.table("attendance").cell("total", "total") == 31
    with pytest.raises(PermissionDenied):
        exact(donor_a)  # every programme at once is not a donor's report


def test_a_donor_cannot_get_a_period_that_is_not_signed_off(world, donor_a, programme_a):
    with pytest.raises(PermissionDenied):
        exact(donor_a, programme=programme_a)


def test_a_donor_sees_small_counts_hidden_and_partner_staff_exact(
    world, donor_a, programme_a, partner_a
):
    ReportSignOff.objects.create(
        programme=programme_a, period_start=Q2.start, period_end=Q2.end, signed_by=partner_a
    )
    tables = exact(donor_a, programme=programme_a).tables

    shown = {table.key: table for table in for_viewer(tables, donor_a)}
    exact_tables = {table.key: table for table in for_viewer(tables, partner_a)}

    assert str(shown["make_up"].cell("women", "n")) == "<5"
    assert is_suppressed(shown["make_up"].cell("women", "share"))  # 3 of 6 would tell
    attendance = shown["attendance"]
    assert is_suppressed(attendance.cell("male", "46-59"))  # 2
    assert is_suppressed(attendance.cell("male", "29-45"))  # 8, else 10 - 8 gives the 2 away
    assert is_suppressed(attendance.cell("female", "29-45"))  # 12, else 20 - 12 gives the 8
    assert is_suppressed(attendance.cell("male", "14-17"))  # 0, else the total 6 tells
    assert (attendance.cell("female", "total"), attendance.cell("total", "total")) == (21, 31)
    assert shown["money"].cell("seed_grant", "amount") == Decimal("1100.00")
    assert exact_tables["make_up"].cell("women", "n") == 3
    assert tables[0] is not shown["coverage"]  # the exact tables are left as they were


def test_a_count_of_women_or_youth_does_not_give_away_a_hidden_age_band(
    world, donor_a, programme_a, partner_a
):
    ReportSignOff.objects.create(
        programme=programme_a, period_start=Q2.start, period_end=Q2.end, signed_by=partner_a
    )
    shown = {t.key: t for t in for_viewer(exact(donor_a, programme=programme_a).tables, donor_a)}

    # Youth 14-17 (6) is shown in the total row and 18-28 (3) hidden: 9 youth would tell 3.
    assert shown["attendance"].cell("total", "14-17") == 6
    assert is_suppressed(shown["attendance"].cell("total", "18-28"))
    assert is_suppressed(shown["attendance_shares"].cell("youth", "people"))
    assert is_suppressed(shown["attendance_shares"].cell("youth", "share"))
    # The women (21) and everybody (31) are shown in the table by gender too.
    assert shown["attendance_shares"].cell("women", "people") == 21
    assert shown["attendance_shares"].cell("people", "people") == 31


def test_the_previous_period_comes_with_the_report(world, partner_a):
    both = report_with_previous(ReportScope(viewer=partner_a, period=Q2))

    assert both.previous.period == Period.quarter(2014, 1)
    assert both.previous.table("attendance").cell("total", "total") == 50
    assert both.previous.table("cycles").cell("started", "n") == 1


def test_the_period_before_counts_as_it_does_alone_from_the_same_queries(world, partner_a):
    # Heard in March and again in April: raised in Q1, not in Q2. Approved in March and
    # again after a return in May: its money counts in Q1 only.
    march = Concern.objects.get(category="crime")
    march.raised_at.add(Consultation.objects.get(held_on=day(4, 10)))
    S = ActionPlan.Status
    plan = plan_with_events(
        world.g1.cycles.get(),
        partner_a,
        (S.APPROVED, moment(3, 25)),
        (S.SUBMITTED, moment(5, 2)),
        (S.APPROVED, moment(5, 20)),
    )
    ActivityFactory(plan=plan, status="planned", seed_grant=Decimal(70), seed_grant_currency="USD")
    q1 = Period.quarter(2014, 1)

    with CaptureQueriesContext(connection) as alone:
        q2_alone = report(ReportScope(viewer=partner_a, period=Q2))
    q1_alone = report(ReportScope(viewer=partner_a, period=q1))
    with CaptureQueriesContext(connection) as together:
        both = report_with_previous(ReportScope(viewer=partner_a, period=Q2))

    assert both.tables == q2_alone.tables
    assert both.previous.tables == q1_alone.tables
    assert len(together) == len(alone)
    assert both.table("concerns").cell("crime", "raised") == 0
    assert both.previous.table("concerns").cell("crime", "raised") == 1
    assert both.previous.table("concern_sources").cell("elders", "n") == 1
    assert both.table("money").cell("seed_grant", "amount") == Decimal("1100.00")
    assert both.previous.table("money").cell("seed_grant", "amount") == Decimal("70.00")


def test_a_donor_gets_no_previous_period_that_is_not_signed_off(
    world, donor_a, programme_a, partner_a
):
    ReportSignOff.objects.create(
        programme=programme_a, period_start=Q2.start, period_end=Q2.end, signed_by=partner_a
    )

    both = report_with_previous(ReportScope(viewer=donor_a, period=Q2, programme=programme_a))

    assert both.previous is None


# Suppression on hand-made tables ---------------------------------------------------------


def grid(*rows: tuple[str, list[int]]) -> Table:
    columns = [Column("a", "A"), Column("b", "B"), Column("c", "C"), Column("total", "Total")]
    return Table(
        "t",
        "T",
        columns,
        [
            Row(key, key, dict(zip("abc", values, strict=True)) | {"total": sum(values)})
            for key, values in rows
        ],
        total_column="total",
    )


def cells(table: Table) -> dict[str, list]:
    return {row.key: [str(row.cells[k]) for k in ("a", "b", "c", "total")] for row in table.rows}


def test_counts_from_one_to_four_are_hidden_zero_and_five_are_not():
    table = suppress_table(grid(("x", [0, 5, 4]), ("y", [1, 0, 0])), limit=5)

    assert cells(table)["y"] == ["<5", "0", "0", "<5"]
    # x: 4 hidden alone beside the total 9 would be 9 - 0 - 5: the next smallest, 5, goes too.
    assert cells(table)["x"] == ["0", "<5", "<5", "9"]


def test_a_single_hidden_cell_in_a_total_column_takes_the_next_smallest_with_it():
    table = Table(
        "t",
        "T",
        [Column("n", "N")],
        [
            Row("a", "a", {"n": 3}),
            Row("b", "b", {"n": 7}),
            Row("c", "c", {"n": 20}),
            Row("total", "Total", {"n": 30}),
        ],
        total_row="total",
    )

    shown = suppress_table(table, limit=5).as_dict()

    assert shown == {
        "a": {"n": Suppressed(5)},
        "b": {"n": Suppressed(5)},
        "c": {"n": 20},
        "total": {"n": 30},
    }


def test_two_hidden_cells_need_no_more():
    assert cells(suppress_table(grid(("x", [2, 3, 9])), limit=5))["x"] == ["<5", "<5", "9", "14"]


def test_the_threshold_is_a_setting(settings):
    settings.SMALL_COUNT_THRESHOLD = 3
    table = suppress_table(grid(("x", [2, 3, 9]), ("y", [3, 3, 3])))

    assert cells(table)["x"] == ["<3", "<3", "9", "14"]
    assert cells(table)["y"] == ["3", "3", "3", "9"]
    assert Column("n", "N").kind == COUNT


# Sign-off, the donor's period, the export log ---------------------------------------------


def test_partner_staff_sign_off_a_period_and_donors_see_the_last_one(
    world, programme_a, partner_a, partner_b
):
    assert donor_period(programme_a).period is None
    assert donor_period(programme_a).message

    sign_off_report(partner_a, programme_a, Period.quarter(2014, 1))
    second = sign_off_report(partner_a, programme_a, Q2)

    chosen = donor_period(programme_a)
    assert chosen.period == Q2
    assert chosen.sign_off == second
    assert chosen.message == ""
    assert last_signed_off_period(programme_a) == Q2
    assert second.history.count() == 1
    with pytest.raises(ValidationError):
        sign_off_report(partner_b, programme_a, Q2)


def test_a_donor_asking_for_a_period_not_signed_off_gets_the_last_signed_off_one(
    world, programme_a, partner_a
):
    sign_off_report(partner_a, programme_a, Period.quarter(2014, 1))

    asked = donor_period(programme_a, Q2)
    earlier = donor_period(programme_a, Period.quarter(2014, 1))

    assert asked.period == Period.quarter(2014, 1)
    assert asked.message
    assert earlier.period == Period.quarter(2014, 1)
    assert earlier.message == ""


def test_donors_and_facilitators_cannot_sign_off(world, programme_a, donor_a, facilitator_a):
    for user in (donor_a, facilitator_a):
        with pytest.raises(ValidationError):
            sign_off_report(user, programme_a, Q2)
    assert ReportSignOff.objects.count() == 0


def test_a_period_that_has_not_ended_cannot_be_signed_off(programme_a, partner_a):
    this_year = Period.year(timezone.localdate().year)

    with pytest.raises(ValidationError):
        sign_off_report(partner_a, programme_a, this_year)


def test_each_export_is_recorded(programme_a, donor_a):
    record_export(
        donor_a,
        "Consultations",
        "xlsx",
        14,
        programme=programme_a,
        period=Q2,
        filters={"country": "KG"},
    )

    log = ExportLog.objects.get()
    assert (log.user, log.what, log.format, log.row_count) == (donor_a, "Consultations", "xlsx", 14)
    assert (log.programme, log.period_start, log.period_end) == (programme_a, Q2.start, Q2.end)
    assert log.filters == {"country": "KG"}
    assert list(ExportLog.objects.visible_to(donor_a)) == []


def test_periods():
    assert Period.quarter(2026, 3) == Period(day(7, 1, 2026), day(9, 30, 2026), "quarter")
    assert Period.quarter(2026, 1).previous() == Period.quarter(2025, 4)
    assert Period.year(2026).previous() == Period.year(2025)
    assert Period.custom(day(1, 10, 2026), day(1, 19, 2026)).previous() == Period(
        day(12, 31, 2025), day(1, 9, 2026)
    )
    assert Period.custom(day(4, 1), day(6, 30)) == Q2
    with pytest.raises(ValueError):
        Period(day(2, 1), day(1, 1))


# Queries do not grow with the data ------------------------------------------------------


def busy_community(org, programme, number: int):
    community = CommunityFactory(name=f"Village {number}")
    group = GroupFactory(partner=org, programme=programme, communities=[community])
    member(group, F)
    cycle = CycleFactory(group=group, number=1, started_on=day(4, 1))
    meeting = ConsultationFactory(cycle=cycle, held_on=day(4, 2))
    AttendanceFactory(consultation=meeting)
    concern = ConcernFactory(cycle=cycle)
    concern.raised_at.add(meeting)
    ConcernSourceFactory(concern=concern)
    plan = ActionPlanFactory(cycle=cycle)
    PlanEventFactory(plan=plan, to_status="approved", at=moment(4, 3))
    activity = ActivityFactory(plan=plan, status="done", actual_end=day(5, 1))
    ActivityReachFactory(activity=activity)
    ContributionFactory(plan=plan)
    CommitmentFactory(consultation=meeting, due_on=None)


def queries_for(user) -> int:
    with CaptureQueriesContext(connection) as captured:
        report_with_previous(ReportScope(viewer=user, period=Q2))
    return len(captured)


def test_the_number_of_queries_does_not_grow_with_the_communities(org_a, programme_a, partner_a):
    for number in range(2):
        busy_community(org_a, programme_a, number)
    with_two = queries_for(partner_a)
    for number in range(2, 10):
        busy_community(org_a, programme_a, number)

    with_ten = queries_for(partner_a)

    assert with_ten == with_two
    assert with_two <= 16  # both periods: one query per figure


def test_no_name_phone_or_concern_text_reaches_the_tables(world, partner_a):
    tables = exact(partner_a).tables
    text = repr([table.as_lists() for table in tables])
    words = [
        *Concern.objects.values_list("title", flat=True),
        *Membership.objects.values_list("person__full_name", flat=True),
        world.g1.name,
        world.g2.name,
    ]

    assert all(word not in text for word in words)
    cells = [cell for table in tables for row in table.rows for cell in row.cells.values()]
    assert all(cell is None or isinstance(cell, int | Decimal) for cell in cells)
