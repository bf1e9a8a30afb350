"""Building CSV and XLSX files in tests and sending them through the back-office import."""

import csv
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

CSV, XLSX = "0", "1"  # the import form's format choices, in cswg_portal.imports order


def csv_file(rows: list[list], name: str = "import.csv") -> SimpleUploadedFile:
    text = io.StringIO()
    csv.writer(text).writerows(rows)
    return SimpleUploadedFile(name, text.getvalue().encode("utf-8"), content_type="text/csv")


def xlsx_file(rows: list[list], name: str = "import.xlsx") -> SimpleUploadedFile:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    data = io.BytesIO()
    book.save(data)
    return SimpleUploadedFile(
        name,
        data.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


def upload(client, url: str, upload: SimpleUploadedFile, file_format: str = CSV):
    """The preview: the file checked row by row, nothing saved."""
    return client.post(url, {"resource": "0", "format": file_format, "import_file": upload})


def confirm(client, preview):
    """Press "Confirm" on a preview that offers it."""
    form = preview.context["confirm_form"]
    assert form is not None, "the preview offers no confirmation"
    data = {name: form.initial.get(name, "") for name in form.fields}
    opts = preview.context["opts"]
    return client.post(reverse(f"admin:{opts.app_label}_{opts.model_name}_process_import"), data)


def preview_errors(response) -> dict[int, list[str]]:
    """{line: [errors]} of the rows shown with errors in the preview."""
    return {row["line"]: row["errors"] for row in response.context["preview_rows"] if row["errors"]}
