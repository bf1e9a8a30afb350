import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from communities import backups


class Command(BaseCommand):
    help = gettext_lazy(
        "Replace everything in the configured database with a backup made by `manage.py "
        "backup`, all or nothing. Stop the portal first."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help=gettext_lazy("The backup file."))
        parser.add_argument(
            "--yes",
            action="store_true",
            help=gettext_lazy("Do not ask for confirmation (needed when run without a terminal)."),
        )
        parser.add_argument("--database", default="default", help=gettext_lazy("Database alias."))

    def handle(self, *args, path, yes=False, database="default", **options):
        backups.check_backup_file(path, database)
        label = backups.database_label(database)
        warning = _(
            "This replaces every row of the %(database)s with the contents of %(path)s. "
            "What was written since that backup is lost."
        ) % {"database": label, "path": path}
        if not yes:
            if not sys.stdin.isatty():
                raise CommandError(
                    warning + " " + _("Nothing was changed: run again with --yes to go ahead.")
                )
            self.stdout.write(warning)
            answer = input(_("Type 'yes' to restore: "))
            if answer.strip().lower() != "yes":
                raise CommandError(_("Restore cancelled: nothing was changed."))
        backups.restore(path, database)
        self.stdout.write(
            self.style.SUCCESS(
                _("Restored %(path)s into the %(database)s.") % {"path": path, "database": label}
            )
        )
        self.stdout.write(
            _("If the backup is older than the code, run `manage.py migrate` before starting.")
        )
