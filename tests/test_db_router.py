"""The replica router: donors' report pages read from DATABASE_REPLICA_URL, nothing else does,
and every write goes to the default database."""

import pytest
from django.db import DEFAULT_DB_ALIAS, transaction

from communities.models import Programme
from cswg_portal.db_router import REPLICA, ReplicaRouter, reading_replica, replica_reads
from tests.test_settings import manage

router = ReplicaRouter()


def test_reads_go_to_the_default_database_outside_a_replica_block():
    assert reading_replica() is False
    assert router.db_for_read(Programme) == DEFAULT_DB_ALIAS


def test_reads_inside_a_replica_block_go_to_the_replica_and_stop_at_its_end():
    with replica_reads():
        assert router.db_for_read(Programme) == REPLICA

    assert router.db_for_read(Programme) == DEFAULT_DB_ALIAS


def test_the_block_ends_even_when_the_view_raises():
    with pytest.raises(ValueError), replica_reads():
        raise ValueError("a view failed")

    assert router.db_for_read(Programme) == DEFAULT_DB_ALIAS


def test_writes_always_go_to_the_default_database():
    assert router.db_for_write(Programme) == DEFAULT_DB_ALIAS
    with replica_reads():
        assert router.db_for_write(Programme) == DEFAULT_DB_ALIAS


@pytest.mark.django_db
def test_reads_inside_a_write_transaction_stay_on_the_default_database():
    # The replica may not have the rows this transaction has just written.
    with replica_reads(), transaction.atomic():
        assert router.db_for_read(Programme) == DEFAULT_DB_ALIAS


def test_only_the_default_database_is_migrated():
    assert router.allow_migrate(DEFAULT_DB_ALIAS, "communities") is True
    assert router.allow_migrate(REPLICA, "communities") is False


def test_objects_from_both_databases_may_be_related():
    assert router.allow_relation(Programme(), Programme()) is True


# The whole stack, in a fresh process: settings read DATABASE_REPLICA_URL once, at start-up.

REPLICA_SCRIPT = """
import shutil
from django.conf import settings
from django.core.management import call_command
from django.db import connections
from django.test import Client
from tests.factories import OrganisationFactory, ProgrammeFactory, UserFactory

call_command("migrate", verbosity=0)
donor_org = OrganisationFactory(name="Conflict Pool", kind="donor", country="")
programme = ProgrammeFactory(name="Programme as copied", donors=[donor_org])
users = [
    UserFactory(username="donor", organisation=donor_org, role="donor"),
    UserFactory(username="root", organisation=None, role="admin", is_superuser=True),
]
# The replica catches up with the primary, then falls behind by one change.
connections.close_all()
shutil.copyfile(settings.DATABASES["default"]["NAME"], settings.DATABASES["replica"]["NAME"])
programme.name = "Programme as renamed"
programme.save()

for user in users:
    client = Client()
    client.force_login(user)
    page = client.get("/reports/").content.decode()
    names = [name for name in ("as copied", "as renamed") if f"Programme {name}" in page]
    note = "copy of the database" in page
    print(f"{user.username}:{'+'.join(names)}:{note}")

# The replica goes away: donors get the 503 page, everyone else carries on.
connections["replica"].close()
connections["replica"].settings_dict["NAME"] = "/nonexistent/replica.sqlite3"
for user in users:
    client = Client()
    client.force_login(user)
    print(f"{user.username} without the replica:{client.get('/reports/').status_code}")
"""


def test_donors_read_reports_from_the_replica_and_everyone_else_from_the_primary(tmp_path):
    # Two SQLite files stand for the primary and its replica.
    primary, replica = tmp_path / "primary.sqlite3", tmp_path / "replica.sqlite3"

    # Migrating two databases from scratch takes a while on a busy machine.
    result = manage(
        "shell",
        "--no-imports",
        "-c",
        REPLICA_SCRIPT,
        timeout=240,
        DEBUG="true",
        ALLOWED_HOSTS="testserver",
        DATABASE_URL=f"sqlite:///{primary}",
        DATABASE_REPLICA_URL=f"sqlite:///{replica}",
    )

    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    # The donor sees the copy, told that it may lag; the administrator sees the latest name.
    assert lines == [
        "donor:as copied:True",
        "root:as renamed:False",
        "donor without the replica:503",
        "root without the replica:200",
    ]


def test_the_replica_is_an_alias_mirrored_in_tests_with_the_router_installed():
    result = manage(
        "shell",
        "--no-imports",
        "-c",
        "from django.conf import settings; replica = settings.DATABASES['replica']; "
        "print(replica['NAME'], replica['TEST']['MIRROR'], settings.DATABASE_ROUTERS)",
        DATABASE_REPLICA_URL="postgres://reader@replica.example.org:5432/cswg",
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ("cswg default ['cswg_portal.db_router.ReplicaRouter']")


def test_without_a_replica_there_is_no_router():
    result = manage(
        "shell",
        "--no-imports",
        "-c",
        "from django.conf import settings; print(sorted(settings.DATABASES), "
        "settings.DATABASE_ROUTERS)",
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "['default'] []"
