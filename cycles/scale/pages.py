"""The pages the benchmark times and the query-budget test counts, found in a generated dataset.

Each page is requested as the user who would open it: a facilitator of the first group
(whose last cycle is open at step 4 at every size), partner staff of that group's
organisation, and a donor of the largest programme.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count
from django.urls import reverse

from communities.models import Group, Programme, User
from cycles.models import ActionPlan, Concern

# The donor report's period: the last full year of the generated data.
REPORT_YEAR = 2025


@dataclass(frozen=True)
class Page:
    name: str
    username: str
    path: str
    method: str = "GET"
    data: dict = field(default_factory=dict)
    # "field": a facilitator's page (target p95 under 150 ms); "report": a donor's report
    # (under 400 ms); "partner" and "admin": partner staff's, held to the query budget only.
    kind: str = "field"


def consultation_data(held_on: datetime.date) -> dict:
    """A consultation with attendance and one concern, as the form posts it."""
    return {
        "kind": "community_consultation",
        "held_on": held_on.isoformat(),
        "place": "School",
        "attendance-female_18_28": "12",
        "attendance-male_29_45": "7",
        "ethnic-kyrgyz": "10",
        "concerns-TOTAL_FORMS": "1",
        "concerns-INITIAL_FORMS": "0",
        "concerns-MIN_NUM_FORMS": "0",
        "concerns-MAX_NUM_FORMS": "30",
        "concerns-0-title": "Fights between teenagers after school",
        "concerns-0-category": Concern.Category.YOUTH_VIOLENCE,
        "concerns-0-raised_by": ["youth"],
        "concerns-0-sensitivity": "normal",
    }


def pages(today: datetime.date) -> list[Page]:
    group = Group.objects.order_by("pk").first()
    facilitator = group.facilitators.order_by("pk").first().username
    partner = (
        User.objects.filter(role=User.Role.PARTNER, organisation=group.partner_id)
        .order_by("pk")
        .first()
        .username
    )
    programme = Programme.objects.annotate(size=Count("groups")).order_by("-size", "pk").first()
    donor = (
        User.objects.filter(role=User.Role.DONOR, organisation__funded_programmes=programme)
        .order_by("pk")
        .first()
        .username
    )
    # Partner staff of the organisation running most of the programme's groups: their
    # report is computed afresh at every request (only donors' reports are cached).
    programme_partner = (
        User.objects.filter(
            role=User.Role.PARTNER,
            organisation__in=programme.groups.values("partner")
            .annotate(n=Count("pk"))
            .order_by("-n", "partner")
            .values("partner")[:1],
        )
        .order_by("pk")
        .first()
        .username
    )
    cycle = group.cycles.open().get()
    community = group.communities.order_by("pk").first()
    # A concern carried over from the cycles before: its story spans them.
    story = Concern.objects.filter(cycle=cycle, carried_from__isnull=False).order_by("pk").first()
    communities = reverse("communities:community-list")
    filtered = (
        f"{communities}?q={community.name[:3]}"
        f"&country={community.district.region.country}&status=active"
    )
    report = f"?kind=year&year={REPORT_YEAR}"
    return [
        Page("My work", facilitator, reverse("home")),
        Page("My work (partner staff)", partner, reverse("home"), kind="partner"),
        Page("Communities list, filtered and searched", facilitator, filtered),
        Page("Communities list (partner staff)", partner, communities, kind="partner"),
        Page(
            "Communities list, filtered and searched (partner staff)",
            partner,
            filtered,
            kind="partner",
        ),
        Page("Community page", facilitator, community.get_absolute_url()),
        Page("Group page", facilitator, group.get_absolute_url()),
        Page("Cycle page", facilitator, cycle.get_absolute_url()),
        Page(
            "Consultation form",
            facilitator,
            reverse("cycles:consultation-add", args=[group.pk]),
        ),
        Page(
            "Consultation form, saved",
            facilitator,
            reverse("cycles:consultation-add", args=[group.pk]),
            method="POST",
            data=consultation_data(today),
        ),
        Page("Concern story", facilitator, story.get_absolute_url()),
        Page(
            "Donor report, largest programme, a year",
            donor,
            reverse("reports:programme", args=[programme.pk]) + report,
            kind="report",
        ),
        Page(
            "Report, largest programme, a year, computed afresh (partner staff)",
            programme_partner,
            reverse("reports:programme", args=[programme.pk]) + report,
            kind="partner",
        ),
        Page(
            "Donor report, XLSX export",
            donor,
            reverse("reports:export", args=[programme.pk, "xlsx"]) + report,
            kind="report",
        ),
        Page(
            "Admin review queue",
            partner,
            reverse("admin:cycles_actionplan_changelist")
            + f"?status__exact={ActionPlan.Status.SUBMITTED}",
            kind="admin",
        ),
        Page(
            "Admin group page",
            partner,
            reverse("admin:communities_group_change", args=[group.pk]),
            kind="admin",
        ),
    ]
