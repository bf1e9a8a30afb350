"""The report pages: the portfolio, a programme's report, its exports and signing it off.

The figures come from the hand-built dataset of test_reports.py (`world`, the second quarter
of 2014 of programme A).
"""

import contextlib
import csv
import datetime
import io
from decimal import Decimal
from unittest import mock

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from communities.models import Group
from cycles.models import ExportLog, ReportSignOff
from cycles.reports.scope import Period, ReportScope
from cycles.reports.services import for_viewer, report
from tests.cycles.factories import CycleFactory
from tests.cycles.test_reports import Q2, busy_community, world  # noqa: F401
from tests.factories import GroupFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db


@contextlib.contextmanager
def time_machine(today: datetime.date):
    with mock.patch("django.utils.timezone.localdate", return_value=today):
        yield


Q2_QUERY = {"kind": "quarter", "year": "2014", "quarter": "2"}


def page_url(programme) -> str:
    return reverse("reports:programme", args=[programme.pk])


def export_url(programme, fmt: str) -> str:
    return reverse("reports:export", args=[programme.pk, fmt])


def sign(programme, period, by, on=datetime.datetime(2014, 7, 3, 10)):
    return ReportSignOff.objects.create(
        programme=programme,
        period_start=period.start,
        period_end=period.end,
        signed_by=by,
        signed_at=timezone.make_aware(on),
    )


def cell(response, table_key: str, row_label: str, column: int = 0) -> str:
    """The text of a cell of the page's table, found by its row's label."""
    table = next(view for view in response.context["tables"] if view.key == table_key)
    row = next(row for row in table.rows if row.label == row_label)
    return row.cells[column].text


# The page -----------------------------------------------------------------------------------


def test_partner_staff_see_the_quarters_figures_with_the_previous_quarter(
    client,
    world,  # noqa: F811
    partner_a,
    programme_a,
):
    client.force_login(partner_a)

    response = client.get(page_url(programme_a), Q2_QUERY)

    assert response.status_code == 200
    assert response.context["period"] == Q2
    assert cell(response, "attendance", "Total", 6) == "31"
    assert cell(response, "attendance_shares", "Women", 1) == "67.7%"
    assert cell(response, "money", "Seed grants") == "1,100.00"
    assert cell(response, "coverage", "Groups") == "2"
    table = next(view for view in response.context["tables"] if view.key == "attendance")
    total = table.rows[-1].cells[6]
    # March's consultation of 50 women is the previous quarter's.
    assert (total.previous, total.change) == ("50", "−19")
    cards = {card["label"]: card["cell"].text for card in response.context["headline"]}
    assert cards["People consulted"] == "31"
    assert "Sign off this period" in response.text
    charts = {chart["key"]: chart for chart in response.context["charts"]["charts"]}
    assert charts["funnel"]["spec"]["datasets"][0]["data"] == [1, 1, 0, 0, 0]
    assert [point["name"] for point in response.context["map_points"]] == ["Kara-Suu", "Somonion"]
    assert 'id="chart-spec-funnel"' in response.text
    assert 'id="report-map-points"' in response.text


def test_without_a_period_it_shows_the_last_complete_quarter(client, partner_a, programme_a):
    client.force_login(partner_a)

    with time_machine(datetime.date(2015, 2, 10)):
        response = client.get(page_url(programme_a))

    assert response.context["period"] == Period.quarter(2014, 4)
    assert response.context["form"]["quarter"].value() == "4"


def test_filters_narrow_the_figures(client, world, partner_a, programme_a):  # noqa: F811
    client.force_login(partner_a)

    in_osh = client.get(page_url(programme_a), Q2_QUERY | {"region": world.osh.pk})
    in_tajikistan = client.get(page_url(programme_a), Q2_QUERY | {"country": "TJ"})

    assert cell(in_osh, "attendance", "Total", 6) == "29"
    assert cell(in_tajikistan, "attendance", "Total", 6) == "2"
    assert "Region: <strong>Osh (Kyrgyzstan)</strong>" in in_osh.text


def test_a_donor_sees_the_last_signed_off_period_and_when_it_was_signed(
    client,
    world,  # noqa: F811
    donor_a,
    partner_a,
    programme_a,
):
    sign(programme_a, Q2, partner_a)
    client.force_login(donor_a)

    response = client.get(page_url(programme_a))

    assert response.context["period"] == Q2
    assert "Signed off by FTI on July 3, 2014" in response.text
    assert partner_a.get_full_name() not in response.text
    # Small counts hidden: the two groups, the three consultations.
    assert cell(response, "coverage", "Groups") == "<5"
    assert cell(response, "attendance", "Total", 6) == "31"
    assert "Sign off this period" not in response.text
    assert response.context["previous_period"] is None


def test_a_donor_asking_for_an_unsigned_period_gets_the_signed_off_one(
    client,
    world,  # noqa: F811
    donor_a,
    partner_a,
    programme_a,
):
    sign(programme_a, Q2, partner_a)
    client.force_login(donor_a)

    response = client.get(
        page_url(programme_a), {"kind": "quarter", "year": "2014", "quarter": "3"}
    )

    assert response.context["period"] == Q2
    assert "The period you asked for is not signed off yet" in response.text
    assert response.context["form"]["quarter"].value() == "2"


def test_a_donor_with_nothing_signed_off_is_told_so(client, donor_a, programme_a):
    client.force_login(donor_a)

    response = client.get(page_url(programme_a))

    assert response.status_code == 200
    assert response.context["tables"] == []
    assert "No report of this programme has been signed off yet." in response.text


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        (
            {"kind": "custom", "start": "2014-06-30", "end": "2014-04-01"},
            "end",
            "The last day cannot be before the first.",
        ),
        (
            {"kind": "custom", "start": "2001-01-01", "end": "2014-04-01"},
            "end",
            "A period can be at most five years long.",
        ),
        ({"kind": "custom", "start": "2014-13-45", "end": "2014-04-01"}, "start", "valid date"),
        ({"kind": "quarter", "year": "99999999999999", "quarter": "2"}, "year", "Give a year"),
        ({"kind": "quarter", "year": "abc", "quarter": "2"}, "year", "whole number"),
        ({"kind": "quarter", "year": "2014", "quarter": "9"}, "quarter", "valid choice"),
        ({"kind": "decade"}, "kind", "valid choice"),
        ({"kind": "year", "year": "2014", "region": "999999"}, "region", "valid choice"),
    ],
)
def test_bad_input_is_answered_beside_the_field(
    client, partner_a, programme_a, query, field, message
):
    client.force_login(partner_a)

    response = client.get(page_url(programme_a), query)

    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert response.context["tables"] == []
    for value in query.values():
        assert f'value="{value}"' in response.text or value in ("decade", "9", "999999")


def test_a_region_of_another_organisation_is_not_a_choice(
    client,
    world,  # noqa: F811
    org_b,
    partner_b,
    programme_a,
):
    b_programme = Group.objects.get(name="Vorukh CSWG").programme
    b_programme.implementing_partners.add(org_b)
    client.force_login(partner_b)

    response = client.get(
        reverse("reports:programme", args=[b_programme.pk]),
        Q2_QUERY | {"district": world.isfara_district.pk},
    )

    assert "district" in response.context["form"].errors
    assert client.get(page_url(programme_a)).status_code == 404


def test_the_page_queries_do_not_grow_with_the_communities(client, org_a, programme_a, partner_a):
    client.force_login(partner_a)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(page_url(programme_a), Q2_QUERY).status_code == 200
        return len(captured)

    for number in range(2):
        busy_community(org_a, programme_a, number)
    with_two = queries()
    for number in range(2, 10):
        busy_community(org_a, programme_a, number)

    assert queries() == with_two
    assert with_two <= 25


def test_reports_over_all_programmes_are_for_partner_staff(
    client,
    world,  # noqa: F811
    partner_a,
    donor_a,
    facilitator_a,
):
    client.force_login(partner_a)
    response = client.get(reverse("reports:all"), Q2_QUERY)
    assert cell(response, "attendance", "Total", 6) == "31"
    assert "Sign off this period" not in response.text

    for user in (donor_a, facilitator_a):
        client.force_login(user)
        assert client.get(reverse("reports:all")).status_code == 403
        assert client.get(reverse("reports:export-all", args=["csv"])).status_code == 403


# Exports ------------------------------------------------------------------------------------


def expected_tables(user, programme, **filters) -> dict[str, list[list]]:
    scope = ReportScope(viewer=user, period=Q2, programme=programme, **filters)
    tables = for_viewer(report(scope).tables, user)
    return {str(table.title): table.as_lists() for table in tables}


def same(value) -> object:
    """A cell as compared: hidden as "<5", numbers as Decimals, nothing as None."""
    if value in ("", None):
        return None
    if isinstance(value, int | float | Decimal):
        return Decimal(str(value))
    text = str(value)
    try:
        return Decimal(text)
    except ArithmeticError:
        return text


def normalised(tables: dict[str, list[list]]) -> dict[str, list[list]]:
    return {title: [[same(v) for v in line] for line in lines] for title, lines in tables.items()}


def parse_csv(content: bytes) -> tuple[list[list[str]], dict[str, list[list]]]:
    assert content.startswith(b"\xef\xbb\xbf")
    blocks, block = [], []
    for line in csv.reader(io.StringIO(content.decode("utf-8-sig"))):
        if line:
            block.append(line)
        else:
            blocks.append(block)
            block = []
    blocks.append(block)
    return blocks[0], {block[0][0]: block[1:] for block in blocks[1:]}


def parse_xlsx(content: bytes) -> tuple[list[str], dict[str, list[list]]]:
    workbook = openpyxl.load_workbook(io.BytesIO(content))
    tables = {}
    for sheet in workbook.worksheets[1:]:
        lines = list(sheet.iter_rows(values_only=True))
        body = []
        for line in lines[1:]:
            if all(value is None for value in line):
                break
            body.append(list(line))
        tables[lines[0][0]] = body
    return workbook.sheetnames, tables


@pytest.mark.parametrize("who", ["partner_a", "donor_a"])
def test_exports_hold_the_same_figures_as_the_report(
    client,
    world,  # noqa: F811
    programme_a,
    partner_a,
    donor_a,
    who,
):
    sign(programme_a, Q2, partner_a)
    user = {"partner_a": partner_a, "donor_a": donor_a}[who]
    client.force_login(user)
    expected = normalised(expected_tables(user, programme_a))

    as_csv = client.get(export_url(programme_a, "csv"), Q2_QUERY)
    as_xlsx = client.get(export_url(programme_a, "xlsx"), Q2_QUERY)

    about, csv_tables = parse_csv(as_csv.content)
    assert ["Programme", programme_a.name] in about
    assert normalised(csv_tables) == expected
    sheets, xlsx_tables = parse_xlsx(as_xlsx.content)
    assert sheets[0] == "About this report"
    assert all(len(name) <= 31 for name in sheets) and len(set(sheets)) == len(sheets)
    assert normalised(xlsx_tables) == expected
    assert as_xlsx["Content-Disposition"] == (
        f'attachment; filename="cswg-report-{programme_a.name.lower().replace(" ", "-")}'
        '-2014-q2.xlsx"'
    )
    hidden = any(v == "<5" for lines in expected.values() for line in lines for v in line)
    assert hidden == (who == "donor_a")


def test_each_export_writes_one_log_row_with_its_row_count(
    client,
    world,  # noqa: F811
    programme_a,
    partner_a,
):
    client.force_login(partner_a)
    tables = expected_tables(partner_a, programme_a, country="KG")
    rows = sum(len(lines) - 1 for lines in tables.values())

    client.get(export_url(programme_a, "csv"), Q2_QUERY | {"country": "KG"})
    client.get(export_url(programme_a, "xlsx"), Q2_QUERY | {"country": "KG"})

    logs = list(ExportLog.objects.order_by("pk"))
    assert [(log.format, log.row_count, log.user) for log in logs] == [
        ("csv", rows, partner_a),
        ("xlsx", rows, partner_a),
    ]
    assert (logs[0].programme, logs[0].period_start, logs[0].period_end) == (
        programme_a,
        Q2.start,
        Q2.end,
    )
    assert logs[0].filters == {"country": "KG"}


def test_a_donor_gets_no_export_of_an_unsigned_programme(client, donor_a, programme_a):
    client.force_login(donor_a)

    response = client.get(export_url(programme_a, "csv"))

    assert response.status_code == 302
    assert not ExportLog.objects.exists()


# Signing off --------------------------------------------------------------------------------


def sign_off_url(programme) -> str:
    return reverse("reports:sign-off", args=[programme.pk])


def test_the_sign_off_page_changes_nothing_and_its_post_signs(client, partner_a, programme_a):
    client.force_login(partner_a)

    confirm = client.get(sign_off_url(programme_a), Q2_QUERY)

    assert "Q2 2014" in confirm.text
    assert not ReportSignOff.objects.exists()

    response = client.post(sign_off_url(programme_a), Q2_QUERY)

    assert response.status_code == 302
    assert response["Location"] == f"{page_url(programme_a)}?kind=quarter&year=2014&quarter=2"
    sign_off = ReportSignOff.objects.get()
    assert (sign_off.period_start, sign_off.period_end, sign_off.signed_by) == (
        Q2.start,
        Q2.end,
        partner_a,
    )
    page = client.get(response["Location"])
    assert "The report for Q2 2014 is signed off" in page.text
    assert "Sign off this period" not in page.text


def test_a_period_that_has_not_ended_is_refused(client, partner_a, programme_a):
    client.force_login(partner_a)
    year = str(timezone.localdate().year)

    response = client.post(sign_off_url(programme_a), {"kind": "year", "year": year})

    assert response.status_code == 200
    assert "A period can be signed off once it has ended." in response.text
    assert not ReportSignOff.objects.exists()


def test_bad_period_on_the_sign_off_page(client, partner_a, programme_a):
    client.force_login(partner_a)

    response = client.post(sign_off_url(programme_a), {"kind": "quarter", "year": "x"})

    assert response.status_code == 200
    assert not ReportSignOff.objects.exists()


def test_donors_facilitators_and_outsiders_cannot_sign_off(
    client, donor_a, facilitator_a, partner_b, programme_a, group_a
):
    for user, status in ((donor_a, 403), (facilitator_a, 403), (partner_b, 404)):
        client.force_login(user)
        assert client.get(sign_off_url(programme_a), Q2_QUERY).status_code == status
        assert client.post(sign_off_url(programme_a), Q2_QUERY).status_code == status
    assert not ReportSignOff.objects.exists()


# The portfolio ------------------------------------------------------------------------------


@pytest.fixture
def groups_at_steps(org_a, programme_a):
    for step in (1, 1, 3):
        CycleFactory(group=GroupFactory(partner=org_a, programme=programme_a), step=step)
    closed = CycleFactory(group=GroupFactory(partner=org_a, programme=programme_a), step=5)
    closed.__class__.objects.filter(pk=closed.pk).update(closed_on=closed.started_on)
    GroupFactory(partner=org_a, programme=programme_a)
    empty = ProgrammeFactory(name="Batken youth", implementing_partners=[org_a])
    return empty


def test_the_portfolio_counts_groups_at_each_step(
    client, partner_a, programme_a, groups_at_steps, django_assert_max_num_queries
):
    client.force_login(partner_a)

    with django_assert_max_num_queries(8):
        response = client.get(reverse("reports:portfolio"))

    rows = {row["programme"].name: row["cells"] for row in response.context["rows"]}
    assert rows == {
        programme_a.name: ["2", "0", "1", "0", "0", "2", "5"],
        "Batken youth": ["0", "0", "0", "0", "0", "0", "0"],
    }
    assert page_url(programme_a) in response.text
    assert reverse("reports:all") in response.text


def test_a_donor_sees_small_counts_hidden_in_the_portfolio(
    client, donor_a, programme_a, groups_at_steps
):
    client.force_login(donor_a)

    response = client.get(reverse("reports:portfolio"))

    rows = {row["programme"].name: row["cells"] for row in response.context["rows"]}
    assert rows == {programme_a.name: ["<5", "0", "<5", "0", "0", "<5", "5"]}
    assert reverse("reports:all") not in response.text


def test_the_portfolio_queries_do_not_grow_with_the_programmes(
    client, org_a, partner_a, django_assert_max_num_queries
):
    for number in range(6):
        programme = ProgrammeFactory(implementing_partners=[org_a])
        CycleFactory(group=GroupFactory(partner=org_a, programme=programme), step=number % 5 + 1)
    client.force_login(partner_a)

    with django_assert_max_num_queries(8):
        response = client.get(reverse("reports:portfolio"))

    assert len(response.context["rows"]) == 6
