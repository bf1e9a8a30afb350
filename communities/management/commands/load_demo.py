from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from communities import demo
from communities.models import User
from cycles import demo as cycles_demo

SITE_URL = "http://127.0.0.1:8000"


class Command(BaseCommand):
    help = gettext_lazy(
        "Load demo data from the Ferghana Valley case studies, with one login per role. "
        "Running it again only adds what is missing."
    )

    def handle(self, *args, **options):
        self.stdout.write(_("Loading the Ferghana Valley demo data..."))
        with transaction.atomic():
            summary = demo.load(self.stdout)
            cycles_demo.load(summary, self.stdout)
        if summary.changed:
            self.stdout.write(self.style.SUCCESS(_("Demo data loaded.")))
        else:
            self.stdout.write(
                self.style.SUCCESS(_("The demo data was already complete: nothing changed."))
            )
        self.stdout.write("")
        self.stdout.write(
            _("Open %(url)s and sign in with one of these demo logins:") % {"url": f"{SITE_URL}/"}
        )
        self.stdout.write("")
        self._write_table(
            (_("username"), _("role"), _("organisation"), _("password")),
            [
                (
                    user.username,
                    user.get_role_display(),
                    str(user.organisation or "-"),
                    settings.DEMO_PASSWORD,
                )
                for user in sorted(
                    User.objects.filter(username__in=demo.USERNAMES).select_related("organisation"),
                    key=lambda user: demo.USERNAMES.index(user.username),
                )
            ],
        )
        self.stdout.write("")
        self.stdout.write(
            _("Back office (Django admin): %(url)s")
            % {"url": f"{SITE_URL}{reverse('admin:index')}"}
        )
        self.stdout.write(
            _("Passwords are set when a login is first created; a changed password is kept.")
        )

    def _write_table(self, header: tuple[str, ...], rows: list[tuple[str, ...]]) -> None:
        widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
        for row in [header, *rows]:
            cells = (cell.ljust(width) for cell, width in zip(row, widths, strict=True))
            self.stdout.write("  " + "  ".join(cells).rstrip())
