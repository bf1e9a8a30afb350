from pathlib import Path

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from communities import backups


class Command(BaseCommand):
    help = gettext_lazy(
        "Back up the whole database to one file, readable by its owner only: pg_dump for "
        "PostgreSQL, a consistent copy for SQLite. The portal may keep running."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            type=Path,
            help=gettext_lazy(
                "The file to write (default: BACKUP_DIR/cswg-<database>-<date-time>.dump "
                "or .sqlite3). It must not exist yet."
            ),
        )
        parser.add_argument("--database", default="default", help=gettext_lazy("Database alias."))

    def handle(self, *args, output=None, database="default", **options):
        path = backups.backup(output or backups.default_path(database), database)
        size = path.stat().st_size
        self.stdout.write(
            self.style.SUCCESS(
                _("Backed up %(database)s to %(path)s (%(size)d bytes).")
                % {"database": backups.database_label(database), "path": path, "size": size}
            )
        )
        self.stdout.write(
            _("The file holds personal data: keep it encrypted and delete it after 30 days.")
        )
