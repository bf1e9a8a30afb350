import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from communities.models import Community
from cycles.scale.generate import SEED, generate


class Command(BaseCommand):
    help = gettext_lazy(
        "Fill an empty database with a synthetic national-scale dataset for benchmarks: "
        "communities, groups, people, ten years of cycles, and users of every role."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--communities",
            type=int,
            required=True,
            help=gettext_lazy("How many communities (2000 for the national scale)."),
        )
        parser.add_argument(
            "--seed",
            type=int,
            default=SEED,
            help=gettext_lazy("The same seed makes the same data."),
        )

    def handle(self, *args, communities, seed, **options):
        if communities < 1:
            raise CommandError(_("Give at least one community."))
        if Community.objects.exists():
            raise CommandError(
                _("The database already holds communities: generate into an empty database.")
            )
        started = time.monotonic()

        def progress(step: str) -> None:
            if options["verbosity"] > 1:
                self.stdout.write(f"{time.monotonic() - started:7.1f}s  {step}")

        generate(communities, seed=seed, password=settings.DEMO_PASSWORD, progress=progress)
        self.stdout.write(
            self.style.SUCCESS(
                _("Generated %(count)d communities in %(seconds)d seconds.")
                % {"count": communities, "seconds": round(time.monotonic() - started)}
            )
        )
