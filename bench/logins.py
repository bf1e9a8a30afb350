"""The logins of the load test, read from the database it runs against; run by loadtest.py.

    python bench/logins.py OUTPUT.json

Facilitators who facilitate a group, partner staff of an organisation with groups and donors
of a programme: up to --per-role of each, with the demo password (DEMO_PASSWORD), which
`manage.py load_demo` and `manage.py generate_scale_data` both give their users. An empty
database gets the demo first. A programme whose donors have no signed-off period yet gets
one (its whole span to the last complete quarter, signed by its partner staff, as on the
report page), so that donors read a real report and export.
"""

import argparse
import json
import os
import sys
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("output", type=Path)
    parser.add_argument("--per-role", type=int, default=30)
    args = parser.parse_args()

    sys.path.insert(0, str(PROJECT_ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cswg_portal.settings")
    import django

    django.setup()

    from django.conf import settings
    from django.core.management import call_command
    from django.db.models import Exists, OuterRef

    from communities.models import Group, Programme, User
    from cycles.models import ReportSignOff
    from cycles.reports.forms import last_complete_quarter
    from cycles.reports.scope import Period
    from cycles.reports.services import sign_off_report

    active = User.objects.filter(is_active=True).order_by("pk")
    facilitators = active.filter(role=User.Role.FACILITATOR, facilitated_groups__isnull=False)
    if not facilitators.exists():
        print("The database has no facilitator with a group: loading the demo.")
        call_command("load_demo", verbosity=0)

    facilitators = facilitators.distinct()
    partners = active.filter(
        role=User.Role.PARTNER,
        organisation__in=Group.objects.values("partner"),
    )
    donors = active.filter(role=User.Role.DONOR, organisation__funded_programmes__isnull=False)
    chosen = {
        "facilitator": list(facilitators.values_list("username", flat=True)[: args.per_role]),
        "partner": list(partners.values_list("username", flat=True)[: args.per_role]),
        "donor": list(donors.distinct().values_list("username", flat=True)[: args.per_role]),
    }

    end = last_complete_quarter().end
    unsigned = Programme.objects.filter(donors__isnull=False, start__lte=end).exclude(
        Exists(ReportSignOff.objects.filter(programme=OuterRef("pk")))
    )
    for programme in unsigned.distinct():
        signer = partners.filter(organisation__in=programme.implementing_partners.all()).first()
        if signer is not None:
            period = Period.custom(programme.start, min(programme.end or end, end))
            sign_off_report(signer, programme, period)
            print(f"Signed off {programme} for {period.start} to {period.end} as {signer}.")

    logins = {
        role: [{"username": name, "password": settings.DEMO_PASSWORD} for name in names]
        for role, names in chosen.items()
    }
    missing = [role for role, names in chosen.items() if not names]
    if missing:
        sys.exit(f"No {', '.join(missing)} login to simulate in this database.")
    args.output.write_text(json.dumps(logins, indent=2), encoding="utf-8")
    print("Logins: " + ", ".join(f"{len(names)} {role}" for role, names in chosen.items()))


if __name__ == "__main__":
    main()
