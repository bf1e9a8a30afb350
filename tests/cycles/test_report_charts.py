"""The report's charts and map data, on the hand-built dataset of test_reports.py (`world`,
the second quarter of 2014 of programme A).

What `world` holds in Q2 2014, as the charts see it:
- people consulted: April 15 women (12 aged 29-45, 3 aged 18-28) and 8 men (29-45); May 6
  young women (14-17); June 2 men (46-59). March's 50 women are Q1's.
- concerns raised: one each of gender-based violence, natural resources (a priority) and
  road safety; March's crime concern is Q1's.
- cycles open on 30 June: Kara-Suu's at step 2 (it moved to 3 only in July), Somonion's
  second at step 1; its first closed on 20 June.
"""

import datetime
import json
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from communities.models import Community, Membership, Person
from cycles.models import Concern, ReportSignOff
from cycles.reports import figures
from cycles.reports.charts import STEP_COLOURS, chart_data, map_points, step_legend
from cycles.reports.scope import Period, ReportScope
from cycles.reports.services import report, report_with_previous
from cycles.reports.suppression import Suppressed, is_suppressed, suppress_breakdowns
from cycles.reports.tables import Column, Row, Table
from tests.cycles.factories import CycleFactory
from tests.cycles.test_reports import Q2, busy_community, world  # noqa: F401
from tests.factories import CommunityFactory, GroupFactory

pytestmark = pytest.mark.django_db

HIDDEN = Suppressed(5)


def charts_for(user, programme, previous=True) -> dict[str, dict]:
    scope = ReportScope(viewer=user, period=Q2, programme=programme)
    current = report_with_previous(scope) if previous else report(scope)
    return {chart["key"]: chart for chart in chart_data(current, current.previous, user)["charts"]}


def data(chart: dict) -> dict[str, list]:
    return {dataset["label"]: dataset["data"] for dataset in chart["spec"]["datasets"]}


def sign_off(programme, by, period=Q2):
    ReportSignOff.objects.create(
        programme=programme, period_start=period.start, period_end=period.end, signed_by=by
    )


# The charts, exact ---------------------------------------------------------------------------


def test_partner_staff_see_participation_each_month_by_gender_and_age(
    world,  # noqa: F811
    partner_a,
    programme_a,
):
    charts = charts_for(partner_a, programme_a)

    by_gender, by_age = charts["participation-gender"], charts["participation-age"]
    assert by_gender["title"] == "People consulted per month, by gender"
    assert by_gender["spec"]["labels"] == ["Apr 2014", "May 2014", "Jun 2014"]
    assert data(by_gender) == {"Woman": [15, 6, 0], "Man": [8, 0, 2]}
    assert data(by_age) == {
        "Child (under 14)": [0, 0, 0],
        "Youth 14-17": [0, 6, 0],
        "Youth 18-28": [3, 0, 0],
        "Adult 29-45": [20, 0, 0],
        "Adult 46-59": [0, 0, 2],
        "60 and over": [0, 0, 0],
    }
    assert by_gender["spec"]["stacked"] is True
    assert by_gender["hidden"] == 0 and by_gender["spec"]["hiddenNote"] == ""


def test_concerns_funnel_money_and_ownership(world, partner_a, programme_a):  # noqa: F811
    charts = charts_for(partner_a, programme_a)

    concerns = charts["concerns"]
    assert concerns["spec"]["labels"] == [
        "Domestic and gender-based violence",
        "Natural resources (water, land)",
        "Road safety",
    ]
    assert data(concerns) == {"Raised": [1, 1, 1], "Chosen as priorities": [0, 1, 0]}
    funnel = charts["funnel"]
    assert funnel["spec"]["labels"] == ["Step 1", "Step 2", "Step 3", "Step 4", "Step 5"]
    assert funnel["spec"]["longLabels"][0] == "1. Preparation and conflict analysis"
    assert data(funnel) == {"Cycles": [1, 1, 0, 0, 0]}
    # The funnel's bars have the steps' colours, the same as the map's.
    assert funnel["spec"]["datasets"][0]["colour"] == [STEP_COLOURS[n] for n in range(1, 6)]
    money = charts["money"]
    assert money["title"] == "Seed grants and local contributions (USD)"
    assert money["spec"]["labels"] == [
        "Seed grants",
        "Local contributions pledged",
        "Local contributions delivered",
    ]
    # KGS at 0.02 on 30 June: 40,000 + 10,000 in seed grants and 100 USD; 30,000 pledged,
    # 10,000 delivered. The 700 TJS have no rate into USD: the note says so.
    assert data(money) == {"Q2 2014": [1100.0, 600.0, 200.0], "Q1 2014": [0.0, 0.0, 0.0]}
    assert "no exchange rate" in money["note"]
    ownership = charts["ownership"]
    assert ownership["spec"]["labels"] == ["First cycle", "Second cycle", "Third and later"]
    assert data(ownership) == {
        "Partner-led": [1, 0, 0],
        "Co-facilitated": [1, 0, 0],
        "Group-led": [0, 1, 0],
    }


def test_each_chart_has_its_figures_as_text(world, partner_a, programme_a):  # noqa: F811
    money = charts_for(partner_a, programme_a)["money"]

    assert money["columns"] == ["Q2 2014", "Q1 2014"]
    assert money["rows"][0] == {"label": "Seed grants", "cells": ["1,100.00", "0.00"]}


def test_a_chart_with_nothing_to_show_says_so(partner_a, programme_a):
    charts = charts_for(partner_a, programme_a)

    assert charts["participation-gender"]["empty"] is True
    assert charts["concerns"]["spec"]["labels"] == []
    assert charts["concerns"]["empty"] is True


def test_a_long_period_is_charted_by_quarter(world, partner_a, programme_a):  # noqa: F811
    period = Period.custom(datetime.date(2013, 11, 15), datetime.date(2015, 12, 31))
    scope = ReportScope(viewer=partner_a, period=period, programme=programme_a)

    unit, buckets = figures.time_buckets(scope)
    chart = {c["key"]: c for c in chart_data(report(scope), None, partner_a)["charts"]}

    assert unit == "quarter"
    assert buckets[:3] == [datetime.date(2013, 10, 1), datetime.date(2014, 1, 1)] + [
        datetime.date(2014, 4, 1)
    ]
    assert len(buckets) == 9
    by_gender = chart["participation-gender"]
    assert by_gender["title"] == "People consulted per quarter, by gender"
    assert by_gender["spec"]["labels"][:3] == ["Q4 2013", "Q1 2014", "Q2 2014"]
    assert data(by_gender)["Woman"][:3] == [0, 50, 21]
    assert data(by_gender)["Man"][:3] == [0, 0, 10]


def test_a_year_is_charted_by_month(partner_a):
    scope = ReportScope(viewer=partner_a, period=Period.year(2014))

    unit, buckets = figures.time_buckets(scope)

    assert unit == "month"
    assert buckets == [datetime.date(2014, month, 1) for month in range(1, 13)]


# The charts, for a donor ---------------------------------------------------------------------


def test_a_donor_gets_hidden_small_counts_as_null_with_a_note(
    world,  # noqa: F811
    donor_a,
    partner_a,
    programme_a,
):
    sign_off(programme_a, partner_a)

    charts = charts_for(donor_a, programme_a)

    by_gender = charts["participation-gender"]
    # June's 2 men are hidden; the period's 10 men are shown in the table by gender and age,
    # so April's 8 go too, then April's women (23 in April), then May's (21 in the quarter).
    assert data(by_gender) == {"Woman": [None, None, 0], "Man": [None, 0, None]}
    assert by_gender["rows"][0] == {"label": "Apr 2014", "cells": ["<5", "<5"]}
    assert by_gender["hidden_note"] == "<5 hidden: 4 figures are not drawn"
    assert by_gender["spec"]["hiddenNote"] == by_gender["hidden_note"]
    assert data(charts["participation-age"])["Youth 14-17"] == [0, 6, 0]
    assert data(charts["participation-age"])["Youth 18-28"] == [None, 0, 0]
    assert data(charts["concerns"]) == {
        "Raised": [None, None, None],
        "Chosen as priorities": [0, None, 0],
    }
    assert data(charts["funnel"]) == {"Cycles": [None, None, 0, 0, 0]}
    # Money is not a count of people: never hidden. Q1 is not signed off: no comparison.
    assert data(charts["money"]) == {"Q2 2014": [1100.0, 600.0, 200.0]}
    assert charts["money"]["hidden"] == 0
    assert data(charts["ownership"])["Group-led"] == [0, None, 0]


def test_a_donors_series_never_leaves_one_hidden_figure_beside_a_shown_total(
    world,  # noqa: F811
    donor_a,
    partner_a,
    programme_a,
):
    sign_off(programme_a, partner_a)
    charts = charts_for(donor_a, programme_a)

    # The period's totals by gender (21 women, 10 men) are in the page's table: a single
    # hidden month in a gender's series would be that total less the others.
    for series in data(charts["participation-gender"]).values():
        assert series.count(None) != 1


def test_a_total_hidden_in_the_period_table_is_not_given_away_by_its_months():
    def grid(key, columns, rows):
        return Table(
            key,
            "",
            [*(Column(c, c) for c in columns), Column("total", "total")],
            [Row(name, name, cells) for name, cells in rows],
            total_row="total",
            total_column="total",
        )

    # The period table hid the 16 men and the 22 women (beside 38 people shown).
    by_gender = grid(
        "gender",
        ["F", "M"],
        [
            ("jan", {"F": 10, "M": 7, "total": 17}),
            ("feb", {"F": 12, "M": 9, "total": 21}),
            ("total", {"F": HIDDEN, "M": HIDDEN, "total": 38}),
        ],
    )
    by_age = grid(
        "age",
        ["young", "old"],
        [
            ("jan", {"young": 17, "old": 0, "total": 17}),
            ("feb", {"young": 11, "old": 10, "total": 21}),
            ("total", {"young": 28, "old": 10, "total": 38}),
        ],
    )

    gender, age = suppress_breakdowns([by_gender, by_age])

    # 7 + 9 would tell the 16 men, 10 + 12 the 22 women: January's (the smaller) go.
    assert gender.as_dict() == {
        "jan": {"F": HIDDEN, "M": HIDDEN, "total": 17},
        "feb": {"F": 12, "M": 9, "total": 21},
        "total": {"F": HIDDEN, "M": HIDDEN, "total": 38},
    }
    assert age.as_dict() == by_age.as_dict()
    assert not is_suppressed(by_gender.cell("jan", "M"))  # the breakdowns are copies


def test_the_breakdowns_hide_the_same_month_totals():
    def grid(key, cells_by_month):
        rows = [Row(month, month, cells) for month, cells in cells_by_month]
        columns = [Column(c, c) for c in cells_by_month[0][1]]
        return Table(key, "", columns, rows, total_row="total", total_column="total")

    # March's 3 people: hidden in both; then February (17, the smallest beside the 40 of the
    # quarter) in both, so that 40 - January - February cannot tell March.
    gender, age = suppress_breakdowns(
        [
            grid(
                "gender",
                [
                    ("jan", {"F": 10, "M": 10, "total": 20}),
                    ("feb", {"F": 9, "M": 8, "total": 17}),
                    ("mar", {"F": 0, "M": 3, "total": 3}),
                    ("total", {"F": 19, "M": 21, "total": 40}),
                ],
            ),
            grid(
                "age",
                [
                    ("jan", {"young": 20, "total": 20}),
                    ("feb", {"young": 17, "total": 17}),
                    ("mar", {"young": 3, "total": 3}),
                    ("total", {"young": 40, "total": 40}),
                ],
            ),
        ]
    )

    totals = [gender.cell(month, "total") for month in ("jan", "feb", "mar")]
    assert totals == [age.cell(month, "total") for month in ("jan", "feb", "mar")]
    assert totals == [20, HIDDEN, HIDDEN]
    assert [age.cell(month, "young") for month in ("jan", "feb", "mar")] == [20, HIDDEN, HIDDEN]


# The map -------------------------------------------------------------------------------------


def test_map_points_give_each_community_its_place_and_the_step_at_the_end(
    world,  # noqa: F811
    partner_a,
    programme_a,
    org_a,
):
    Community.objects.filter(name="Kara-Suu").update(latitude="40.26000", longitude="72.12000")
    Community.objects.filter(name="Somonion").update(latitude="40.02000", longitude="70.71000")
    # A third community: no location, and its group has no cycle running.
    quiet = CommunityFactory(name="Aksai", latitude=None, longitude=None)
    GroupFactory(partner=org_a, programme=programme_a, communities=[quiet])

    points = map_points(ReportScope(viewer=partner_a, period=Q2, programme=programme_a))

    assert points == [
        {
            "name": "Aksai",
            "district": quiet.district.name,
            "lat": None,
            "lng": None,
            "step": None,
            "step_label": "No cycle running",
            "colour": step_legend()[-1]["colour"],
        },
        {
            "name": "Kara-Suu",
            "district": "Nookat",
            "lat": 40.26,
            "lng": 72.12,
            "step": 2,
            "step_label": "2. Identify and prioritise problems",
            "colour": STEP_COLOURS[2],
        },
        {
            "name": "Somonion",
            "district": "Isfara",
            "lat": 40.02,
            "lng": 70.71,
            "step": 1,
            "step_label": "1. Preparation and conflict analysis",
            "colour": STEP_COLOURS[1],
        },
    ]


def test_a_community_takes_the_furthest_step_of_its_groups(org_a, programme_a, partner_a):
    place = CommunityFactory(name="Nookat town")
    for step in (2, 4):
        group = GroupFactory(partner=org_a, programme=programme_a, communities=[place])
        CycleFactory(group=group, number=1, started_on=datetime.date(2014, 4, 1), step=step)

    points = map_points(ReportScope(viewer=partner_a, period=Q2, programme=programme_a))

    assert [(point["name"], point["step"]) for point in points] == [("Nookat town", 4)]


def test_map_points_follow_the_place_filters_and_the_viewers_scope(
    world,  # noqa: F811
    partner_a,
    partner_b,
):
    in_tajikistan = map_points(ReportScope(viewer=partner_a, period=Q2, country="TJ"))
    of_b = map_points(ReportScope(viewer=partner_b, period=Q2))

    assert [point["name"] for point in in_tajikistan] == ["Somonion"]
    assert "Kara-Suu" not in [point["name"] for point in of_b]
    assert "Somonion" not in [point["name"] for point in of_b]


# Queries -------------------------------------------------------------------------------------


def test_the_charts_run_one_query_and_the_map_one(world, partner_a, programme_a):  # noqa: F811
    scope = ReportScope(viewer=partner_a, period=Q2, programme=programme_a)
    current = report_with_previous(scope)

    with CaptureQueriesContext(connection) as charts:
        chart_data(current, current.previous, partner_a)
    with CaptureQueriesContext(connection) as points:
        map_points(scope)

    assert (len(charts), len(points)) == (1, 1)


def test_the_map_queries_do_not_grow_with_the_communities(org_a, programme_a, partner_a):
    scope = ReportScope(viewer=partner_a, period=Q2, programme=programme_a)

    def queries() -> tuple[int, int]:
        with CaptureQueriesContext(connection) as captured:
            found = len(map_points(scope))
        return found, len(captured)

    for number in range(2):
        busy_community(org_a, programme_a, number)
    with_two = queries()
    for number in range(2, 10):
        busy_community(org_a, programme_a, number)

    assert with_two == (2, 1)
    assert queries() == (10, 1)


# Nothing personal reaches a donor -------------------------------------------------------------


def test_a_donors_page_has_no_name_phone_or_concern_text_in_its_chart_or_map_data(
    client,
    world,  # noqa: F811
    donor_a,
    partner_a,
    programme_a,
):
    sign_off(programme_a, partner_a)
    Person.objects.update(phone="+996 555 123 456")
    Concern.objects.update(description="Told by a neighbour at the spring")
    client.force_login(donor_a)

    response = client.get(
        reverse("reports:programme", args=[programme_a.pk]),
        {"kind": "quarter", "year": "2014", "quarter": "2"},
    )

    blocks = re.findall(
        r'<script id="([\w-]+)" type="application/json">(.*?)</script>', response.text, re.S
    )
    ids = [block_id for block_id, _text in blocks]
    assert ids == [
        "chart-spec-participation-gender",
        "chart-spec-participation-age",
        "chart-spec-concerns",
        "chart-spec-funnel",
        "chart-spec-money",
        "chart-spec-ownership",
        "report-map-points",
        "report-map-legend",
    ]
    text = " ".join(json.dumps(json.loads(body)) for _id, body in blocks)
    words = [
        *Concern.objects.values_list("title", flat=True),
        "Told by a neighbour",
        "555 123",
        *Membership.objects.values_list("person__full_name", flat=True),
        world.g1.name,
        world.g2.name,
    ]
    assert [word for word in words if word in text] == []
    points = json.loads(dict(blocks)["report-map-points"])
    assert {key for point in points for key in point} == {
        "name",
        "district",
        "lat",
        "lng",
        "step",
        "step_label",
        "colour",
    }
    values = [value for point in points for value in point.values()]
    assert all(isinstance(value, str | int | float | Decimal | None) for value in values)
