import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from communities.models import User
from communities.selectors import people_due_for_retention, years_before
from communities.services import anonymise_person

logger = logging.getLogger("cswg.retention")

# Stored in each anonymised person's last history row, in the site's language.
RETENTION_REASON = gettext_lazy("retention rule")


class Command(BaseCommand):
    help = gettext_lazy(
        "Anonymise the people whose consent is older than CONSENT_VALID_YEARS or who left "
        "their last group more than RETENTION_YEARS_AFTER_LEAVING years ago. Running it again "
        "changes nothing. Meant to run every day (cron or a systemd timer)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help=gettext_lazy("List who would be anonymised and change nothing."),
        )
        parser.add_argument(
            "--user",
            default=settings.RETENTION_USER,
            help=gettext_lazy(
                "Username recorded as having anonymised the people (default: RETENTION_USER); "
                "an active account allowed to anonymise people."
            ),
        )

    def handle(self, *args, dry_run=False, user=None, **options):
        actor = None if dry_run else self._actor(user)
        today = timezone.localdate()
        people = list(
            people_due_for_retention(
                today, settings.CONSENT_VALID_YEARS, settings.RETENTION_YEARS_AFTER_LEAVING
            )
        )
        leaving_cutoff = years_before(today, settings.RETENTION_YEARS_AFTER_LEAVING)
        done = 0
        for person in people:
            why = self._why(person, leaving_cutoff)
            if dry_run:
                self._say(_("person %(id)d would be anonymised: %(why)s"), person.pk, why)
                continue
            try:
                anonymise_person(person, actor, reason=RETENTION_REASON)
            except ValidationError as error:
                # Anonymised meanwhile by someone else: nothing left to do for this person.
                self._say(_("person %(id)d skipped: %(why)s"), person.pk, " ".join(error.messages))
                continue
            done += 1
            self._say(_("person %(id)d anonymised: %(why)s"), person.pk, why)
        if dry_run:
            summary = ngettext(
                "Retention (dry run): %(count)d person would be anonymised.",
                "Retention (dry run): %(count)d people would be anonymised.",
                len(people),
            ) % {"count": len(people)}
        else:
            summary = ngettext(
                "Retention: %(count)d person anonymised.",
                "Retention: %(count)d people anonymised.",
                done,
            ) % {"count": done}
        logger.info(summary)
        self.stdout.write(self.style.SUCCESS(summary))

    def _actor(self, username: str) -> User:
        # The database requires who anonymised a person: a named, accountable account.
        if not username:
            raise CommandError(
                _(
                    "Say which account the anonymisations are recorded under: --user USERNAME "
                    "or the RETENTION_USER setting. Nothing was changed."
                )
            )
        actor = User.objects.filter(username=username, is_active=True).first()
        if actor is None or not actor.has_perm("communities.anonymise_person"):
            raise CommandError(
                _(
                    "%(username)s is not an active account allowed to anonymise people. "
                    "Nothing was changed."
                )
                % {"username": username}
            )
        return actor

    def _why(self, person, leaving_cutoff) -> str:
        reasons = []
        if person.consent_lapsed:
            reasons.append(
                _("consent older than %(years)d years") % {"years": settings.CONSENT_VALID_YEARS}
            )
        if not person.running and person.last_end and person.last_end < leaving_cutoff:
            reasons.append(
                _("left their last group more than %(years)d years ago")
                % {"years": settings.RETENTION_YEARS_AFTER_LEAVING}
            )
        return "; ".join(reasons)

    def _say(self, template: str, person_id: int, why: str) -> None:
        # The person's id only: the log and the output are read by people who need no names.
        line = template % {"id": person_id, "why": why}
        logger.info(line)
        self.stdout.write(line)
