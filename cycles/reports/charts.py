"""The report's charts and map, as plain data the page hands to Chart.js and Leaflet.

The charts are drawn from the report's tables as the viewer may see them (`for_viewer`:
donors get small counts hidden) and run no query of their own, except participation over
time, which needs a series of its own (`figures.attendance_over_time`, one query) and hides
small counts with `suppress_breakdowns`. A hidden figure is sent as null (no bar) and its
text is "<5"; each chart says how many are hidden. Labels are translated here, on the server.

    charts = chart_data(report, report.previous, request.user)
    points = map_points(scope)
"""

import datetime

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from communities.models import AgeBand, Gender
from cycles.models import Cycle
from cycles.reports import figures
from cycles.reports.scope import Period, ReportScope
from cycles.reports.services import Report, for_viewer, sees_exact_figures
from cycles.reports.suppression import is_suppressed, suppress_breakdowns, threshold
from cycles.reports.tables import AMOUNT, COUNT, Column, Row, Table, show

# Okabe-Ito colours: told apart with the common kinds of colour blindness. Bars and markers
# get a dark outline, so that the lighter ones stand out against the white page.
ORANGE, SKY, GREEN, YELLOW = "#E69F00", "#56B4E9", "#009E73", "#F0E442"
BLUE, VERMILION, PURPLE, GREY = "#0072B2", "#D55E00", "#CC79A7", "#8C8C8C"

# One colour per step, the same in the funnel and on the map.
STEP_COLOURS = {1: ORANGE, 2: SKY, 3: GREEN, 4: BLUE, 5: PURPLE}
NO_STEP_COLOUR = GREY
GENDER_COLOURS = {Gender.FEMALE: VERMILION, Gender.MALE: BLUE}
AGE_BAND_COLOURS = dict(
    zip(AgeBand.values, (ORANGE, SKY, GREEN, YELLOW, BLUE, VERMILION), strict=True)
)
FACILITATION_COLOURS = {
    Cycle.Facilitation.PARTNER_LED: ORANGE,
    Cycle.Facilitation.CO_FACILITATED: SKY,
    Cycle.Facilitation.GROUP_LED: GREEN,
}


def chart_data(report: Report, previous: Report | None, viewer) -> dict:
    """Every chart of the report page, for `viewer`: {"charts": [chart, ...]}.

    A chart is {"key", "spec_id", "title", "note", "hidden", "hidden_note", "empty",
    "columns", "rows", "spec"}:
    `columns` and `rows` are the text alternative (a table of the shown figures, "<5" for a
    hidden one), `spec` is what report_charts.js draws.
    """
    tables = {table.key: table for table in for_viewer(report.tables, viewer)}
    before = None
    if previous is not None:
        before = {table.key: table for table in for_viewer(previous.tables, viewer)}
    by_gender, by_age = participation_charts(
        report.scope, tables["attendance"], exact=sees_exact_figures(viewer)
    )
    return {
        "charts": [
            by_gender,
            by_age,
            concerns_chart(tables["concerns"]),
            funnel_chart(tables["cycles"]),
            money_chart(tables, before, report, previous),
            ownership_chart(tables["facilitation"]),
        ]
    }


def step_legend() -> list[dict]:
    """Each step with its colour, then "no cycle running": the map's legend (`short` labels
    on a phone, where the list under the map names the steps in full)."""
    steps = [
        {
            "step": step,
            "label": str(label),
            "short": _("Step %(step)d") % {"step": step},
            "colour": STEP_COLOURS[step],
        }
        for step, label in Cycle.Step.choices
    ]
    none = _("No cycle running")
    return [*steps, {"step": None, "label": none, "short": none, "colour": NO_STEP_COLOUR}]


# Participation over time ---------------------------------------------------------------------


def _bucket_label(bucket: datetime.date, unit: str) -> str:
    if unit == "quarter":
        return Period.quarter(bucket.year, (bucket.month - 1) // 3 + 1).label
    return date_format(bucket, "M Y")


def participation_charts(scope: ReportScope, attendance: Table, exact: bool) -> tuple[dict, dict]:
    """People consulted per month (per quarter over a long period) by gender and by age band.

    `attendance` is the period's table by gender and age as the viewer sees it: its totals
    are the series' totals, so what it hides the series may not give away by adding up.
    """
    unit, buckets = figures.time_buckets(scope)
    counts = figures.attendance_over_time(scope)
    genders = [Column(value, label) for value, label in Gender.choices]
    bands = [Column(value, label) for value, label in AgeBand.choices]
    total = Column("total", _("Total"))

    def breakdown(key: str, columns: list[Column], cell, period_totals: dict) -> Table:
        rows = []
        for bucket in buckets:
            cells = {column.key: cell(bucket, column.key) for column in columns}
            cells["total"] = sum(cells.values())
            rows.append(Row(bucket.isoformat(), _bucket_label(bucket, unit), cells))
        rows.append(Row("total", _("Total"), period_totals))
        return Table(key, "", [*columns, total], rows, total_row="total", total_column="total")

    def people(bucket, gender=None, band=None) -> int:
        return sum(
            n
            for (when, g, b), n in counts.items()
            if when == bucket and gender in (None, g) and band in (None, b)
        )

    by_gender = breakdown(
        "gender",
        genders,
        lambda bucket, gender: people(bucket, gender=gender),
        {
            **{g.key: attendance.cell(g.key, "total") for g in genders},
            "total": attendance.cell("total", "total"),
        },
    )
    by_age = breakdown(
        "age",
        bands,
        lambda bucket, band: people(bucket, band=band),
        {
            **{b.key: attendance.cell("total", b.key) for b in bands},
            "total": attendance.cell("total", "total"),
        },
    )
    if not exact:
        by_gender, by_age = suppress_breakdowns([by_gender, by_age])
    # Whole sentences, not a fragment put into one: translations need their own word order.
    if unit == "month":
        titles = (
            _("People consulted per month, by gender"),
            _("People consulted per month, by age"),
        )
    else:
        titles = (
            _("People consulted per quarter, by gender"),
            _("People consulted per quarter, by age"),
        )
    return (
        _chart_from_table(
            "participation-gender",
            titles[0],
            by_gender,
            genders,
            GENDER_COLOURS,
            stacked=True,
        ),
        _chart_from_table(
            "participation-age",
            titles[1],
            by_age,
            bands,
            AGE_BAND_COLOURS,
            stacked=True,
        ),
    )


# Charts from the report's tables -------------------------------------------------------------


def concerns_chart(concerns: Table) -> dict:
    """Concerns raised and chosen as priorities, by category (categories with none left out)."""
    rows = [
        row
        for row in concerns.rows
        if row.key != concerns.total_row and any(value != 0 for value in row.cells.values())
    ]
    shown = Table(concerns.key, concerns.title, concerns.columns, rows)
    return _chart_from_table(
        "concerns",
        _("Concerns raised and chosen as priorities, by category"),
        shown,
        concerns.columns,
        {"raised": BLUE, "prioritised": VERMILION},
        horizontal=True,
        note=_("Categories with no concern raised are left out."),
    )


def funnel_chart(cycles: Table) -> dict:
    """How many cycles were at each step at the end of the period, in the steps' colours."""
    steps = [step for step, _label in Cycle.Step.choices]
    values = [cycles.cell(f"step_{step}", "n") for step in steps]
    series = _series(_("Cycles"), [STEP_COLOURS[step] for step in steps], values, COUNT)
    return _chart(
        "funnel",
        _("Cycles at each step at the end of the period"),
        labels=[_("Step %(step)d") % {"step": step} for step in steps],
        long_labels=[str(label) for _step, label in Cycle.Step.choices],
        series=[series],
        horizontal=True,
        legend=False,
        note=str(cycles.note),
    )


def money_chart(
    tables: dict[str, Table],
    before: dict[str, Table] | None,
    report: Report,
    previous: Report | None,
) -> dict:
    """Seed grants against local contributions (pledged, delivered) in the report's currency,
    beside the previous period's when there is one."""
    money = tables["money"]
    keys = ("seed_grant", "pledged", "delivered")
    series = [
        _series(report.period.label, BLUE, [money.cell(key, "amount") for key in keys], AMOUNT)
    ]
    if before is not None and previous is not None:
        old = before["money"]
        values = [old.cell(key, "amount") for key in keys]
        series.append(_series(previous.period.label, SKY, values, AMOUNT))
    note = ""
    if tables["not_converted"].rows:
        note = _("Amounts in a currency with no exchange rate are not in the chart: see the table.")
    return _chart(
        "money",
        _("Seed grants and local contributions (%(currency)s)")
        % {"currency": report.scope.currency},
        labels=[str(money.row(key).label) for key in keys],
        series=series,
        horizontal=True,
        axis=report.scope.currency,
        note=note,
    )


def ownership_chart(facilitation: Table) -> dict:
    """Who facilitated the first, second and later cycles: the move towards group-led ones."""
    columns = [column for column in facilitation.columns if column.key != "total"]
    return _chart_from_table(
        "ownership",
        _("Who facilitated the cycles, by cycle number"),
        facilitation,
        columns,
        FACILITATION_COLOURS,
        stacked=True,
        note=_("Cycles running in the period. Group-led cycles are the sign of ownership."),
    )


# Building blocks -----------------------------------------------------------------------------


def _series(label, colour, values: list, kind: str) -> dict:
    """One data set: numbers (null when hidden or missing), their text, and the raw cells."""
    data = []
    for value in values:
        if value is None or is_suppressed(value):
            data.append(None)
        else:
            data.append(float(value) if kind == AMOUNT else value)
    return {
        "label": str(label),
        "colour": colour,
        "data": data,
        "text": [show(value, kind) for value in values],
        "hidden": sum(1 for value in values if is_suppressed(value)),
    }


def _chart_from_table(
    key: str, title, table: Table, columns: list[Column], colours: dict, **options
) -> dict:
    """A chart with a data set per column and a bar (or stack) per row but the total row."""
    rows = [row for row in table.rows if row.key != table.total_row]
    series = [
        _series(
            column.label,
            colours[column.key],
            [row.cells.get(column.key) for row in rows],
            COUNT,
        )
        for column in columns
    ]
    return _chart(key, title, labels=[str(row.label) for row in rows], series=series, **options)


def _chart(
    key: str,
    title,
    *,
    labels: list[str],
    series: list[dict],
    long_labels: list[str] | None = None,
    stacked: bool = False,
    horizontal: bool = False,
    legend: bool = True,
    axis: str = "",
    note: str = "",
) -> dict:
    hidden = sum(item["hidden"] for item in series)
    hidden_note = ""
    if hidden:
        hidden_note = ngettext(
            "<%(threshold)d hidden: %(count)d figure is not drawn",
            "<%(threshold)d hidden: %(count)d figures are not drawn",
            hidden,
        ) % {
            "threshold": threshold(),
            "count": hidden,
        }
    return {
        "key": key,
        "spec_id": f"chart-spec-{key}",
        "title": str(title),
        "note": str(note),
        "hidden": hidden,
        "hidden_note": hidden_note,
        "empty": all(not value for item in series for value in item["data"]) and not hidden,
        "columns": [item["label"] for item in series],
        "rows": [
            {
                "label": (long_labels or labels)[index],
                "cells": [item["text"][index] for item in series],
            }
            for index in range(len(labels))
        ],
        "spec": {
            "labels": labels,
            "longLabels": long_labels or labels,
            "datasets": [
                {"label": item["label"], "data": item["data"], "colour": item["colour"]}
                for item in series
            ],
            "stacked": stacked,
            "horizontal": horizontal,
            "legend": legend,
            "axis": axis,
            "hiddenNote": hidden_note,
        },
    }


# The map -------------------------------------------------------------------------------------


def map_points(scope: ReportScope) -> list[dict]:
    """The communities the report covers, with their place and the furthest step their groups
    were at on the period's last day, coloured as in the funnel. One query.

    A community with no location recorded has lat and lng None: it is in the list under the
    map, not on it. Nothing about people: a donor sees the name, district and step only.
    """
    labels = dict(Cycle.Step.choices)
    points = []
    for row in figures.community_steps(scope):
        step = row["step"]
        located = row["latitude"] is not None
        points.append(
            {
                "name": row["name"],
                "district": row["district__name"],
                "lat": float(row["latitude"]) if located else None,
                "lng": float(row["longitude"]) if located else None,
                "step": step,
                "step_label": str(labels[step]) if step else _("No cycle running"),
                "colour": STEP_COLOURS.get(step, NO_STEP_COLOUR),
            }
        )
    return points
