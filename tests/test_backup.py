"""Backup and restore: a backup restored into a fresh database holds every row and gives the
same figures; the commands keep the file private and refuse to overwrite without a yes.

Runs on the configured database: SQLite by default, PostgreSQL with DATABASE_URL=postgres://...
(pg_dump and pg_restore then run for real; the fresh database is created beside the test one).
"""

import datetime
import hashlib
import io
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, connections

from communities.models import Organisation, Programme, User
from cycles.reports.scope import Period, ReportScope
from cycles.reports.services import report
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db(transaction=True)


def fingerprint() -> dict[str, tuple[int, str]]:
    """Every table's row count and a hash of all its rows in primary-key order."""
    tables = {}
    for model in apps.get_models(include_auto_created=True):
        rows = list(model._default_manager.order_by("pk").values_list())
        digest = hashlib.sha256(repr(rows).encode()).hexdigest()
        tables[model._meta.label] = (len(rows), digest)
    return tables


def figures() -> dict[str, object]:
    """The donor report of each programme over the demo's years, as an administrator sees it."""
    viewer = User(username="figures", is_superuser=True, is_active=True)
    period = Period.custom(datetime.date(2000, 1, 1), datetime.date(2099, 12, 31))
    return {
        programme.name: [
            (table.key, [(row.key, row.cells) for row in table.rows])
            for table in report(ReportScope(viewer, period, programme)).tables
        ]
        for programme in Programme.objects.order_by("pk")
    }


@contextmanager
def fresh_database(tmp_path: Path) -> Iterator[None]:
    """Point the default connection at a new, empty database for the duration of the block."""
    original = connections["default"]
    fresh = original.copy()
    if original.vendor == "postgresql":
        name = f"{original.settings_dict['NAME']}_restore"
        with original._nodb_cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
            cursor.execute(f'CREATE DATABASE "{name}"')
    else:
        name = str(tmp_path / "fresh.sqlite3")
    fresh.settings_dict["NAME"] = name
    connections["default"] = fresh
    try:
        yield
    finally:
        fresh.close()
        connections["default"] = original
        if original.vendor == "postgresql":
            with original._nodb_cursor() as cursor:
                cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_a_restored_backup_holds_every_row_and_figure_of_the_demo(tmp_path):
    call_command("load_demo", stdout=io.StringIO())
    tables, numbers = fingerprint(), figures()
    assert tables["communities.Person"][0] > 10
    assert tables["cycles.Concern"][0] > 0
    assert any(rows for tables_ in numbers.values() for _key, rows in tables_)
    path = tmp_path / "demo.backup"

    call_command("backup", "--output", str(path), stdout=io.StringIO())
    with fresh_database(tmp_path):
        assert "communities_person" not in connection.introspection.table_names()
        call_command("restore", str(path), "--yes", stdout=io.StringIO())

        assert fingerprint() == tables
        assert figures() == numbers


def test_restore_replaces_what_was_written_since_the_backup(tmp_path):
    OrganisationFactory(name="Kept in the backup")
    path = tmp_path / "before.backup"
    call_command("backup", "--output", str(path), stdout=io.StringIO())
    OrganisationFactory(name="Written after the backup")

    out = io.StringIO()
    call_command("restore", str(path), "--yes", stdout=out)

    assert list(Organisation.objects.values_list("name", flat=True)) == ["Kept in the backup"]
    assert "Restored" in out.getvalue()


def test_the_backup_file_is_readable_by_its_owner_only_and_named_by_database_and_time(
    tmp_path, settings
):
    settings.BACKUP_DIR = tmp_path / "backups"
    out = io.StringIO()

    call_command("backup", stdout=out)

    [path] = (tmp_path / "backups").iterdir()
    name = connection.settings_dict["NAME"]
    database = name if connection.vendor == "postgresql" else Path(name).stem
    suffix = "dump" if connection.vendor == "postgresql" else "sqlite3"
    assert path.name.startswith(f"cswg-{database}-")
    assert path.name.endswith(f".{suffix}")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert path.stat().st_size > 0
    assert str(path) in out.getvalue()


def test_backup_does_not_overwrite_a_file(tmp_path):
    path = tmp_path / "existing.backup"
    path.write_text("an older backup")

    with pytest.raises(CommandError, match="already exists"):
        call_command("backup", "--output", str(path), stdout=io.StringIO())

    assert path.read_text() == "an older backup"
    assert list(tmp_path.iterdir()) == [path]


def test_restore_without_yes_and_without_a_terminal_says_what_it_would_overwrite(tmp_path):
    OrganisationFactory(name="Before")
    path = tmp_path / "before.backup"
    call_command("backup", "--output", str(path), stdout=io.StringIO())
    OrganisationFactory(name="After")

    with pytest.raises(CommandError) as refusal:
        call_command("restore", str(path), stdout=io.StringIO())

    message = str(refusal.value)
    assert str(connection.settings_dict["NAME"]) in message
    assert str(path) in message
    assert "--yes" in message
    assert Organisation.objects.count() == 2


def test_restore_refuses_a_file_that_is_not_a_backup(tmp_path):
    OrganisationFactory(name="Untouched")
    path = tmp_path / "notes.txt"
    path.write_text("not a backup")

    with pytest.raises(CommandError, match="is not a"):
        call_command("restore", str(path), "--yes", stdout=io.StringIO())

    assert list(Organisation.objects.values_list("name", flat=True)) == ["Untouched"]
