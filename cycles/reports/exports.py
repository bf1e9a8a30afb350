"""The report's tables as a CSV file or an XLSX workbook, hidden counts written as "<5"."""

import csv
import io
import re

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from cycles.reports.suppression import is_suppressed
from cycles.reports.tables import Table

SHEET_NAME_LENGTH = 31
# Characters Excel refuses in a sheet's name.
NOT_IN_SHEET_NAMES = re.compile(r"[\[\]:*?/\\]")

About = list[tuple[str, str]]


def cell_value(value):
    """What a file holds for a cell: numbers as numbers, hidden counts as the text "<5"."""
    if is_suppressed(value):
        return str(value)
    return "" if value is None else value


def data_rows(tables: list[Table]) -> int:
    """The rows of figures an export holds (headers and titles not counted)."""
    return sum(len(table.rows) for table in tables)


def as_csv(tables: list[Table], about_title: str, about: About) -> bytes:
    """About lines, then every table: its title line, its header and rows, a blank line.

    UTF-8 with a byte order mark, so that Excel reads Cyrillic right.
    """
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([about_title])
    writer.writerows([label, value] for label, value in about)
    for table in tables:
        writer.writerow([])
        writer.writerow([str(table.title)])
        writer.writerows([cell_value(value) for value in line] for line in table.as_lists())
    return out.getvalue().encode("utf-8-sig")


def sheet_names(titles: list[str]) -> list[str]:
    """Excel sheet names for the titles: allowed characters, at most 31 long, no two alike."""
    names: list[str] = []
    for title in titles:
        base = NOT_IN_SHEET_NAMES.sub(" ", title).strip()[:SHEET_NAME_LENGTH] or "Sheet"
        name, number = base, 2
        while name.lower() in {taken.lower() for taken in names}:
            suffix = f" ({number})"
            name = base[: SHEET_NAME_LENGTH - len(suffix)] + suffix
            number += 1
        names.append(name)
    return names


def as_xlsx(tables: list[Table], about_title: str, about: About) -> bytes:
    """A workbook: an "About" sheet first, then a sheet per table (title, header, rows)."""
    workbook = Workbook()
    bold = Font(bold=True)
    names = sheet_names([about_title, *(str(table.title) for table in tables)])
    sheet = workbook.active
    sheet.title = names[0]
    sheet.append([about_title])
    sheet["A1"].font = bold
    for label, value in about:
        sheet.append([label, value])
    sheet.column_dimensions["A"].width = 28
    sheet.column_dimensions["B"].width = 60
    for name, table in zip(names[1:], tables, strict=True):
        sheet = workbook.create_sheet(name)
        sheet.append([str(table.title)])
        sheet["A1"].font = bold
        lines = table.as_lists()
        for line in lines:
            sheet.append([cell_value(value) for value in line])
        for cell in sheet[2]:
            cell.font = bold
        if table.note:
            sheet.append([])
            sheet.append([str(table.note)])
        sheet.column_dimensions["A"].width = 40
        for index in range(2, len(lines[0]) + 1):
            sheet.column_dimensions[get_column_letter(index)].width = 16
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
