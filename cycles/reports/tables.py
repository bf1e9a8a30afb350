"""The report as named tables: the one structure behind the page, the charts and exports.

A `Table` has a key, a title, columns and rows; each cell is a number (int, Decimal or
float), None when there is nothing to show, or `Suppressed` once `suppression` has hidden it.
Columns say what kind of number they hold: only counts are subject to small-count
suppression; a share or an average names the cells it is computed from (`depends`) and is
hidden with them.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.humanize.templatetags.humanize import intcomma
from django.template.defaultfilters import floatformat
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from communities.models import AgeBand, Gender
from cycles.models import (
    Activity,
    Commitment,
    Concern,
    ConcernSource,
    Consultation,
    Cycle,
    Evaluation,
)
from cycles.reports import figures
from cycles.reports.scope import Period, ReportScope

COUNT, AMOUNT, PERCENT, AVERAGE = "count", "amount", "percent", "average"

Label = str | Promise
# (row key, column key), or (table key, row key, column key) for a cell of an earlier table.
CellRef = tuple[str, str] | tuple[str, str, str]
# One period's figures, by name (`figures.compute`).
Figures = dict[str, object]


@dataclass(frozen=True)
class Column:
    key: str
    label: Label
    kind: str = COUNT


@dataclass
class Row:
    key: str
    label: Label
    cells: dict[str, object]
    # Column key -> the cells a derived value (share, average) is computed from.
    depends: dict[str, tuple[CellRef, ...]] = field(default_factory=dict)
    # What kind of number the row holds, when not what its columns say (an average row).
    kind: str = ""


@dataclass
class Table:
    key: str
    title: Label
    columns: list[Column]
    rows: list[Row]
    # The row and the column holding totals of the others, if any: suppression protects them.
    total_row: str = ""
    total_column: str = ""
    note: Label = ""

    def column(self, key: str) -> Column:
        return next(column for column in self.columns if column.key == key)

    def row(self, key: str) -> Row:
        return next(row for row in self.rows if row.key == key)

    def kind_of(self, row: Row, column: Column) -> str:
        return row.kind or column.kind

    def cell(self, row_key: str, column_key: str):
        return self.row(row_key).cells.get(column_key)

    def as_dict(self) -> dict[str, dict[str, object]]:
        """{row key: {column key: cell}}, handy in tests and for charts."""
        return {row.key: dict(row.cells) for row in self.rows}

    def as_lists(self) -> list[list[object]]:
        """A header line, then one line per row (label first): what a CSV export writes."""
        header = ["", *(str(column.label) for column in self.columns)]
        lines = [
            [str(row.label), *(row.cells.get(c.key) for c in self.columns)] for row in self.rows
        ]
        return [header, *lines]


def show(value, kind: str) -> str:
    """A cell as the page and the charts' text print it: "<5" when hidden (a `Suppressed`
    prints itself), a dash when there is nothing."""
    if value is None:
        return "–"
    if not isinstance(value, int | float | Decimal):
        return str(value)
    if kind == AMOUNT:
        return floatformat(value, "2g")
    if kind == PERCENT:
        return f"{floatformat(value, 1)}%"
    if kind == AVERAGE:
        return floatformat(value, 1)
    return intcomma(value)


def percent(part, whole) -> Decimal | None:
    if not whole or part is None:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"))


def _headcount_tables(key: str, title: Label, shares_title: Label, counts: dict) -> list[Table]:
    """People by gender x age band (with totals), then the number and share of women/youth."""
    bands = [Column(band, label) for band, label in AgeBand.choices]
    rows = []
    for gender, label in Gender.choices:
        cells = {band: counts.get((gender, band), 0) for band, _label in AgeBand.choices}
        cells["total"] = sum(cells.values())
        rows.append(Row(gender, label, cells))
    totals = {column.key: sum(row.cells[column.key] for row in rows) for column in bands}
    totals["total"] = sum(totals.values())
    rows.append(Row("total", _("Total"), totals))
    by_gender = Table(
        key,
        title,
        [*bands, Column("total", _("Total"))],
        rows,
        total_row="total",
        total_column="total",
    )
    people = totals["total"]
    women = by_gender.cell(Gender.FEMALE, "total")
    youth = sum(totals[band] for band in AgeBand.youth())
    shares = Table(
        f"{key}_shares",
        shares_title,
        [Column("people", _("People")), Column("share", _("Share"), PERCENT)],
        [
            # The counts repeat cells (or sums of cells) of the table by gender and age:
            # hidden there, they are hidden here too, or a sum would give a hidden cell away.
            Row(
                "people",
                _("All"),
                {"people": people, "share": None},
                {"people": ((key, "total", "total"),)},
            ),
            Row(
                "women",
                _("Women"),
                {"people": women, "share": percent(women, people)},
                {
                    "people": ((key, Gender.FEMALE, "total"),),
                    "share": (("women", "people"), ("people", "people")),
                },
            ),
            Row(
                "youth",
                _("Youth (14-28)"),
                {"people": youth, "share": percent(youth, people)},
                {
                    "people": tuple((key, "total", band) for band in AgeBand.youth()),
                    "share": (("youth", "people"), ("people", "people")),
                },
            ),
        ],
    )
    return [by_gender, shares]


def _by_choice(key, title, choices, counts: dict, column: Column) -> Table:
    """One count per choice (zeros included) and a total row."""
    rows = [Row(value, label, {column.key: counts.get(value, 0)}) for value, label in choices]
    rows.append(Row("total", _("Total"), {column.key: sum(counts.values())}))
    return Table(key, title, [column], rows, total_row="total")


def coverage_tables(scope: ReportScope, found: Figures) -> list[Table]:
    reach = found["coverage"]
    make_up = found["make_up"] | reach
    n, share = Column("n", _("Number")), Column("share", _("Share"), PERCENT)
    members, groups = make_up["members"], reach["groups"]

    def part(key, label, value, whole_key, whole):
        return Row(
            key,
            label,
            {"n": value, "share": percent(value, whole)},
            {"share": ((key, "n"), (whole_key, "n"))},
        )

    return [
        Table(
            "coverage",
            _("Communities and groups supported"),
            [n],
            [
                Row("communities", _("Communities"), {"n": reach["communities"]}),
                Row("groups", _("Groups"), {"n": groups}),
            ],
        ),
        Table(
            "make_up",
            _("Make-up of the groups at the end of the period"),
            [n, share],
            [
                Row("members", _("Members"), {"n": members, "share": None}),
                part("women", _("Women"), make_up["women"], "members", members),
                part("youth", _("Youth (14-28)"), make_up["youth"], "members", members),
                Row("groups", _("Groups"), {"n": groups, "share": None}),
                part(
                    "with_police", _("Groups with police"), make_up["with_police"], "groups", groups
                ),
                part(
                    "with_local_authority",
                    _("Groups with the local authority"),
                    make_up["with_local_authority"],
                    "groups",
                    groups,
                ),
            ],
        ),
    ]


def cycle_tables(scope: ReportScope, found: Figures) -> list[Table]:
    counts = found["cycles"]
    n = Column("n", _("Cycles"))
    rows = [
        Row("started", _("Started"), {"n": counts["started"]}),
        Row("completed", _("Completed"), {"n": counts["completed"]}),
    ]
    rows += [
        Row(f"step_{step}", label, {"n": counts["at_step"].get(step, 0)})
        for step, label in Cycle.Step.choices
    ]
    by_who = counts["facilitation"]
    numbers = [(1, _("First cycle")), (2, _("Second cycle")), (3, _("Third and later"))]
    columns = [Column(value, label) for value, label in Cycle.Facilitation.choices]
    facilitation_rows = []
    for number, label in numbers:
        cells = {column.key: by_who.get((number, column.key), 0) for column in columns}
        cells["total"] = sum(cells.values())
        facilitation_rows.append(Row(str(number), label, cells))
    totals = {
        key: sum(row.cells[key] for row in facilitation_rows)
        for key in [*(column.key for column in columns), "total"]
    }
    facilitation_rows.append(Row("total", _("Total"), totals))
    return [
        Table(
            "cycles",
            _("Cycles"),
            [n],
            rows,
            note=_("The steps count the cycles still open at the end of the period."),
        ),
        Table(
            "facilitation",
            _("Who facilitated the cycles running in the period"),
            [*columns, Column("total", _("Total"))],
            facilitation_rows,
            total_row="total",
            total_column="total",
        ),
    ]


def consultation_tables(scope: ReportScope, found: Figures) -> list[Table]:
    held = _by_choice(
        "consultations",
        _("Consultations and meetings held"),
        Consultation.Kind.choices,
        found["consultations"],
        Column("n", _("Held")),
    )
    return [
        held,
        *_headcount_tables(
            "attendance",
            _("People consulted by gender and age"),
            _("Women and youth among the people consulted"),
            found["attendance"],
        ),
    ]


def concern_tables(scope: ReportScope, found: Figures) -> list[Table]:
    by_category = found["concerns"]
    rows = [
        Row(value, label, by_category.get(value, {"raised": 0, "prioritised": 0}))
        for value, label in Concern.Category.choices
    ]
    totals = {key: sum(row.cells[key] for row in rows) for key in ("raised", "prioritised")}
    rows.append(Row("total", _("Total"), totals))
    by_source = found["concern_sources"]
    return [
        Table(
            "concerns",
            _("Concerns raised and priorities chosen, by category"),
            [Column("raised", _("Raised")), Column("prioritised", _("Chosen as priorities"))],
            rows,
            total_row="total",
        ),
        Table(
            "concern_sources",
            _("Concerns by who raised them"),
            [Column("n", _("Concerns"))],
            [
                Row(value, label, {"n": by_source.get(value, 0)})
                for value, label in ConcernSource.Who.choices
            ],
            note=_("A concern raised by several voices counts once for each."),
        ),
    ]


def plan_tables(scope: ReportScope, found: Figures) -> list[Table]:
    counts = found["plans"]
    return [
        Table(
            "plans",
            _("Action plans"),
            [Column("n", _("Plans"))],
            [
                Row("approved", _("Approved"), {"n": counts["approved"]}),
                Row("completed", _("Completed"), {"n": counts["completed"]}),
            ],
        ),
        _by_choice(
            "activities",
            _("Activities done"),
            Activity.Kind.choices,
            found["activities"]["done"],
            Column("n", _("Done")),
        ),
        *_headcount_tables(
            "reach",
            _("People reached by gender and age"),
            _("Women and youth among the people reached"),
            found["reach"],
        ),
    ]


def money_tables(scope: ReportScope, found: Figures) -> list[Table]:
    """Seed grants against local contributions in the report's currency; what has no rate
    is listed apart with its own currency, never dropped."""
    sums = {"seed_grant": found["activities"]["seed_grant"], **found["contributions"]}
    rates = found["rates"]
    currency = scope.currency
    converted = {"seed_grant": Decimal(0), "pledged": Decimal(0), "delivered": Decimal(0)}
    not_converted = []
    labels = {
        "seed_grant": _("Seed grants"),
        "pledged": _("Local contributions pledged"),
        "delivered": _("Local contributions delivered"),
    }
    for kind, amounts in sums.items():
        for code, amount in sorted(amounts.items()):
            rate = Decimal(1) if code == currency else rates.get(code)
            if rate is None:
                not_converted.append(
                    Row(f"{kind}_{code}", f"{labels[kind]} ({code})", {"amount": amount})
                )
            else:
                converted[kind] += amount * rate
    converted = {key: value.quantize(Decimal("0.01")) for key, value in converted.items()}
    seed = converted["seed_grant"]
    amount = Column("amount", _("Amount (%(currency)s)") % {"currency": currency}, AMOUNT)
    rows = [Row(kind, labels[kind], {"amount": value}) for kind, value in converted.items()]
    share = Column("share", _("Local share"), PERCENT)
    return [
        Table("money", _("Seed grants and local contributions"), [amount], rows),
        Table(
            "local_share",
            _("Local share of the funding"),
            [share],
            [
                Row(
                    "pledged",
                    _("Pledged"),
                    {"share": percent(converted["pledged"], converted["pledged"] + seed)},
                ),
                Row(
                    "delivered",
                    _("Delivered"),
                    {"share": percent(converted["delivered"], converted["delivered"] + seed)},
                ),
            ],
            note=_("Local contributions as a share of local contributions and seed grants."),
        ),
        Table(
            "not_converted",
            _("Amounts not converted (no exchange rate)"),
            [Column("amount", _("Amount"), AMOUNT)],
            not_converted,
        ),
    ]


def commitment_tables(scope: ReportScope, found: Figures) -> list[Table]:
    by_body = found["commitments"]
    keys = ("made", "kept", "not_kept")
    rows = [
        Row(value, label, by_body.get(value, dict.fromkeys(keys, 0)))
        for value, label in Commitment.Body.choices
    ]
    rows.append(
        Row("total", _("Total"), {key: sum(row.cells[key] for row in rows) for key in keys})
    )
    return [
        Table(
            "commitments",
            _("Commitments by police and authorities"),
            [
                Column("made", _("Made")),
                Column("kept", _("Kept")),
                Column("not_kept", _("Not kept")),
            ],
            rows,
            total_row="total",
        )
    ]


def safety_tables(scope: ReportScope, figures_found: Figures) -> list[Table]:
    found = figures_found["safety"]

    def average(value):
        return None if value is None else Decimal(str(value)).quantize(Decimal("0.1"))

    scores = [
        Row(
            str(score),
            label,
            {"before": found[f"before_{score}"], "after": found[f"after_{score}"]},
        )
        for score, label in Evaluation.Safety.choices
    ]
    total = found["evaluations"]
    scores.append(Row("total", _("Evaluations"), {"before": total, "after": total}))
    return [
        Table(
            "safety",
            _("How safe people feel, from the evaluations"),
            [Column("before", _("Before")), Column("after", _("After"))],
            [
                Row("evaluations", _("Evaluations"), {"before": total, "after": total}),
                Row(
                    "average",
                    _("Average (1 very unsafe to 5 very safe)"),
                    {"before": average(found["before"]), "after": average(found["after"])},
                    {
                        "before": (("evaluations", "before"),),
                        "after": (("evaluations", "after"),),
                    },
                    kind=AVERAGE,
                ),
            ],
        ),
        Table(
            "safety_scores",
            _("Evaluations by how safe people felt"),
            [Column("before", _("Before")), Column("after", _("After"))],
            scores,
            total_row="total",
        ),
    ]


SECTIONS = (
    coverage_tables,
    cycle_tables,
    consultation_tables,
    concern_tables,
    plan_tables,
    money_tables,
    commitment_tables,
    safety_tables,
)


def build_tables_for(scope: ReportScope, periods: Sequence[Period]) -> list[list[Table]]:
    """Every table of the report for each of the periods (the scope's own is not used):
    the figures of all the periods come from one pass of each query."""
    return [
        [table for section in SECTIONS for table in section(scope.with_period(period), found)]
        for period, found in zip(periods, figures.compute(scope, periods), strict=True)
    ]
