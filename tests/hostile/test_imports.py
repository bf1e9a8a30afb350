"""Bad input (issue 7) in the back office's imports: files whose cells are hostile values.

The sample file of each import (docs/imports/) is sent with some of its cells replaced by
hostile values (huge strings, NUL bytes, markup, SQL, right-to-left text, huge and negative
numbers, impossible dates, empty cells), as CSV. Whatever comes in: no server error, the
preview saves nothing and shows markup escaped; a confirmed file is saved whole or not at all.
Garbage files (random bytes, as CSV or XLSX) get a message.
"""

import csv
import io
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from communities.models import Group
from tests.hostile.forms import HUGE_VALUES, NASTY, RAW_MARKUP
from tests.hostile.test_forms import EXAMPLES, fingerprint
from tests.imports import CSV, XLSX, confirm, upload

SAMPLES = Path(settings.BASE_DIR) / "docs" / "imports"
IMPORTS = {
    "people": "admin:communities_person_import",
    "memberships": "admin:communities_membership_import",
    "consultations": "admin:cycles_consultation_import",
}

cell = st.one_of(
    st.sampled_from(NASTY),
    st.text(max_size=40),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
)


def sample(name: str, group: Group) -> tuple[list[str], list[str]]:
    """The sample file's header and first row, its group made organisation A's."""
    with (SAMPLES / f"{name}.csv").open(encoding="utf-8") as file:
        header, row, *_rest = csv.reader(file)
    if "group" in header:
        row[header.index("group")] = group.name
        row[header.index("community")] = ""
    return header, row


def as_csv(rows: list[list[str]]) -> SimpleUploadedFile:
    text = io.StringIO()
    csv.writer(text).writerows(rows)
    return SimpleUploadedFile("hostile.csv", text.getvalue().encode("utf-8"), "text/csv")


def assert_escaped(html: str) -> None:
    for markup in RAW_MARKUP:
        assert markup not in html, "a cell's markup came back unescaped"


@pytest.mark.parametrize("name", IMPORTS)
def test_hostile_cells_are_shown_as_row_errors_or_imported_whole(world, db, name):
    client = Client()
    client.force_login(world.a.partner)
    url = reverse(IMPORTS[name])
    header, row = sample(name, world.a[Group])

    @hypothesis_settings(
        max_examples=EXAMPLES,
        deadline=None,
        suppress_health_check=[
            HealthCheck.function_scoped_fixture,
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
        ],
        database=None,
    )
    @given(
        changes=st.dictionaries(st.sampled_from(range(len(header))), cell, min_size=1),
        huge=st.one_of(st.none(), st.sampled_from(HUGE_VALUES)),
    )
    def send(changes, huge):
        hostile = list(row)
        for column, value in changes.items():
            hostile[column] = value
        if huge is not None:
            hostile[min(changes)] = huge
        with transaction.atomic():
            before = fingerprint()
            # The test client raises whatever the view raised: a server error fails here.
            preview = upload(client, url, as_csv([header, hostile]))
            assert preview.status_code == 200
            assert_escaped(preview.text)
            assert fingerprint() == before, "the preview stored something"
            if preview.context.get("confirm_form") is not None:
                saved = confirm(client, preview)
                assert saved.status_code == 302
                assert fingerprint() != before, "a file shown as valid stored nothing"
            # Every example starts from the same rows.
            transaction.set_rollback(True)

    send()


@pytest.mark.parametrize("file_format", [CSV, XLSX])
@pytest.mark.parametrize("name", IMPORTS)
def test_a_file_of_random_bytes_gets_a_message_and_stores_nothing(world, db, name, file_format):
    client = Client()
    client.force_login(world.a.partner)

    @hypothesis_settings(
        max_examples=EXAMPLES,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture],
        database=None,
    )
    @given(content=st.binary(max_size=2_000))
    def send(content):
        before = fingerprint()
        garbage = SimpleUploadedFile("garbage.csv", content, "application/octet-stream")
        response = upload(client, reverse(IMPORTS[name]), garbage, file_format)
        assert response.status_code == 200
        assert fingerprint() == before

    send()
