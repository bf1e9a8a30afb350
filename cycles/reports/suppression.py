"""Small-count suppression: what a donor sees of counts drawn from few people.

Primary suppression: a count from 1 to `SMALL_COUNT_THRESHOLD - 1` becomes `Suppressed`
("<5"). Complementary suppression: in a row (or column) that has a total, a single hidden
cell could be worked out from the total and the others, so the next smallest non-zero
count (or, when only zeros are left, a zero) is hidden as well; repeated until nothing
changes. Shares and averages computed from
a hidden count are hidden with it. Amounts of money are not counts and stay as they are.
"""

import copy
from dataclasses import dataclass

from django.conf import settings

from cycles.reports.tables import COUNT, Table


@dataclass(frozen=True)
class Suppressed:
    """A hidden cell; shows as "<5" (the threshold)."""

    threshold: int

    def __str__(self):
        return f"<{self.threshold}"


def is_suppressed(value) -> bool:
    return isinstance(value, Suppressed)


def threshold() -> int:
    return settings.SMALL_COUNT_THRESHOLD


def suppress_table(
    table: Table, limit: int | None = None, earlier: dict[str, Table] | None = None
) -> Table:
    """A copy of `table` with small counts, the cells that would reveal them and the values
    derived from them hidden. `earlier`: the tables before it, already suppressed, by key
    (for values derived from their cells)."""
    limit = threshold() if limit is None else limit
    table = copy.deepcopy(table)
    hidden = Suppressed(limit)
    counts = [
        (row, column)
        for row in table.rows
        for column in table.columns
        if table.kind_of(row, column) == COUNT and column.key in row.cells
    ]
    for row, column in counts:
        value = row.cells[column.key]
        if isinstance(value, int) and 0 < value < limit:
            row.cells[column.key] = hidden
    changed = True
    while changed:
        changed = False
        for total, line in _lines_with_totals(table):
            changed |= _protect(total, line, hidden)
    for row in table.rows:
        for column_key, sources in row.depends.items():
            if any(is_suppressed(_source(table, earlier or {}, ref)) for ref in sources):
                row.cells[column_key] = hidden
    return table


def _source(table: Table, earlier: dict[str, Table], ref: tuple):
    """The cell a derived value comes from: in the same table, or (3 keys) an earlier one."""
    if len(ref) == 3:
        other = earlier.get(ref[0])
        return None if other is None else other.cell(*ref[1:])
    return table.cell(*ref)


def _lines_with_totals(table: Table):
    """Each row and column that has a total: (its total cell, its other cells), each cell
    as (cells dict, column key)."""
    count_columns = [c.key for c in table.columns if c.kind == COUNT]
    if table.total_column:
        for row in table.rows:
            if not row.kind:
                parts = [k for k in count_columns if k != table.total_column]
                yield (row.cells, table.total_column), [(row.cells, key) for key in parts]
    if table.total_row:
        total = table.row(table.total_row)
        for key in count_columns:
            parts = [(row.cells, key) for row in table.rows if row is not total and not row.kind]
            yield (total.cells, key), parts


def _protect(total, line, hidden: Suppressed) -> bool:
    """Hide a second cell of a line with exactly one hidden cell beside a shown total: the
    smallest non-zero one, else a zero (hiding the zero keeps the total from giving the
    hidden cell away)."""
    total_cells, total_key = total
    if is_suppressed(total_cells[total_key]):
        return False
    if sum(1 for cells, key in line if is_suppressed(cells[key])) != 1:
        return False
    shown = [(cells, key) for cells, key in line if not is_suppressed(cells[key])]
    if not shown:
        return False
    cells, key = min(shown, key=lambda cell: (cell[0][cell[1]] == 0, cell[0][cell[1]] or 0))
    cells[key] = hidden
    return True


def suppress(tables: list[Table], limit: int | None = None) -> list[Table]:
    done: dict[str, Table] = {}
    for table in tables:
        done[table.key] = suppress_table(table, limit, done)
    return list(done.values())


def suppress_breakdowns(breakdowns: list[Table], limit: int | None = None) -> list[Table]:
    """Copies of several breakdowns of the same people, with small counts hidden together.

    Each breakdown has a row per stretch of time and a "total" column (the people of that
    stretch), e.g. months x gender and months x age band, and a total row for the whole
    period that the caller fills in as the period's own table shows it (already suppressed).
    Their "total" columns hold the same figures, so they are hidden alike in every one. A
    hidden total whose parts are all shown would be their sum, so one part goes with it.
    """
    limit = threshold() if limit is None else limit
    hidden = Suppressed(limit)
    tables = [copy.deepcopy(table) for table in breakdowns]
    for table in tables:
        for row in table.rows:
            if row.key == table.total_row:
                continue
            for key, value in row.cells.items():
                if isinstance(value, int) and 0 < value < limit:
                    row.cells[key] = hidden
    changed = True
    while changed:
        changed = False
        for table in tables:
            for total, line in _lines_with_totals(table):
                changed |= _protect(total, line, hidden)
                changed |= _keep_hidden_total(total, line, hidden)
    return tables


def _keep_hidden_total(total, line, hidden: Suppressed) -> bool:
    """Hide a part of a line whose total is hidden but would be the sum of its shown parts."""
    total_cells, total_key = total
    if not is_suppressed(total_cells[total_key]) or not line:
        return False
    if any(is_suppressed(cells[key]) for cells, key in line):
        return False
    cells, key = min(line, key=lambda cell: (cell[0][cell[1]] == 0, cell[0][cell[1]] or 0))
    cells[key] = hidden
    return True
