import argparse
import datetime

from django.core.management.base import BaseCommand
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from cswg_portal.models import Submission


def days_kept(text: str) -> int:
    try:
        days = int(text)
    except ValueError:
        days = 0
    if not 1 <= days <= 3650:
        raise argparse.ArgumentTypeError(_("give a whole number of days from 1 to 3650"))
    return days


class Command(BaseCommand):
    help = gettext_lazy(
        "Delete the claimed tokens of create forms older than --days (default 30). A retried "
        "form arrives within minutes, so old tokens protect nothing. Meant to run daily."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=days_kept,
            default=30,
            help=gettext_lazy("Keep the tokens of this many days (1 to 3650)."),
        )

    def handle(self, *args, days=30, **options):
        cutoff = timezone.now() - datetime.timedelta(days=days)
        deleted, _by_model = Submission.objects.filter(saved_at__lt=cutoff).delete()
        self.stdout.write(
            ngettext("%(count)d form token deleted.", "%(count)d form tokens deleted.", deleted)
            % {"count": deleted}
        )
