"""One small world for the access tests: two partner organisations side by side.

Organisation A and organisation B each have a programme, a community, a CSWG with its
facilitator, a person and their membership, and a cycle with one row of every cycle model
that has a back-office page. Every row of B (and its users' names) carries the word "Vorukh"
and every row of A "Somonion", so a page, a search or a filter that leaks B's rows to A is
easy to spot.
"""

import datetime
from collections.abc import Iterator
from dataclasses import dataclass, field

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.auth.models import Group as PermissionGroup
from django.db import models
from django.urls import URLPattern, URLResolver, get_resolver
from django_otp.plugins.otp_totp.models import TOTPDevice

from communities.models import (
    Community,
    District,
    Group,
    Membership,
    Organisation,
    Person,
    Programme,
    Region,
    User,
)
from cswg_portal.roles import role_group_name, sync_role
from cycles.models import (
    ActionPlan,
    Activity,
    Commitment,
    Concern,
    Consultation,
    Contribution,
    Cycle,
    CycleStepChange,
    Evaluation,
    ExchangeRate,
    ExportLog,
    MonitoringUpdate,
    PlanEvent,
    PriorityScore,
    ReportSignOff,
    SensitiveConcernRead,
)
from tests.cycles.factories import (
    ActionPlanFactory,
    ActivityFactory,
    CommitmentFactory,
    ConcernFactory,
    ConcernSourceFactory,
    ContributionFactory,
    CycleFactory,
    CycleStepChangeFactory,
    EvaluationFactory,
    MonitoringUpdateFactory,
    PlanEventFactory,
    PriorityScoreFactory,
)
from tests.factories import (
    CommunityFactory,
    DistrictFactory,
    GroupFactory,
    MembershipFactory,
    OrganisationFactory,
    PersonFactory,
    ProgrammeFactory,
    RegionFactory,
    UserFactory,
)

ROLES = (
    "anonymous",
    "facilitator_a",
    "facilitator_b",
    "partner_a",
    "partner_b",
    "donor_a",
    "superuser",
)


@dataclass
class Side:
    """One organisation's users and one row of each model it owns."""

    organisation: Organisation
    facilitator: User
    partner: User
    rows: dict[type[models.Model], models.Model] = field(default_factory=dict)
    # Highly sensitive: its text is for the group's facilitator and administrators only.
    secret: Concern | None = None
    # Where the CSWG could merge.
    lcpc: Group | None = None

    def __getitem__(self, model: type[models.Model]) -> models.Model:
        return self.rows[model]


@dataclass
class World:
    a: Side
    b: Side
    donor_a: User
    superuser: User
    # Rows that belong to no organisation: the sign-in logs, the permission groups.
    shared: dict[type[models.Model], models.Model]

    def user(self, role: str) -> User | None:
        return {
            "anonymous": None,
            "facilitator_a": self.a.facilitator,
            "facilitator_b": self.b.facilitator,
            "partner_a": self.a.partner,
            "partner_b": self.b.partner,
            "donor_a": self.donor_a,
            "superuser": self.superuser,
        }[role]

    def row_of_a(self, model: type[models.Model]) -> models.Model:
        """Organisation A's row of `model`, or the shared row for unscoped models."""
        return self.a.rows.get(model) or self.shared[model]


def url_patterns(
    patterns=None, prefix: str = "", namespace: str = ""
) -> Iterator[tuple[str, URLPattern]]:
    """Every URL pattern of the project with its key: its namespaced name, or its route
    when it has none."""
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(entry, URLResolver):
            inner = namespace
            if entry.namespace:
                inner = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
            yield from url_patterns(entry.url_patterns, prefix + str(entry.pattern), inner)
        elif isinstance(entry, URLPattern):
            if entry.name:
                yield (f"{namespace}:{entry.name}" if namespace else entry.name), entry
            else:
                yield prefix + str(entry.pattern), entry


def _partner(username: str, token: str, organisation: Organisation) -> User:
    user = UserFactory(
        username=username,
        first_name="Aigul",
        last_name=f"{token}ova",
        organisation=organisation,
        role=User.Role.PARTNER,
        is_staff=True,
    )
    sync_role(user)
    return user


def _side(
    token: str,
    organisation: Organisation,
    programme: Programme,
    district: District,
    letter: str,
    year: int,
) -> Side:
    facilitator = UserFactory(
        username=f"facilitator_{letter}",
        first_name="Nurlan",
        last_name=f"{token}ov",
        organisation=organisation,
        role=User.Role.FACILITATOR,
    )
    side = Side(
        organisation=organisation,
        facilitator=facilitator,
        partner=_partner(f"partner_{letter}", token, organisation),
    )
    community = CommunityFactory(name=f"{token} village", district=district)
    programme.communities.add(community)
    group = GroupFactory(
        name=f"{token} CSWG",
        partner=organisation,
        programme=programme,
        communities=[community],
        facilitators=[facilitator],
    )
    side.lcpc = GroupFactory(
        name=f"{token} LCPC",
        kind=Group.Kind.LCPC,
        partner=organisation,
        programme=programme,
        communities=[community],
    )
    person = PersonFactory(
        full_name=f"Gulnara {token}ova",
        phone=f"+996 555 {year} 01",
        organisation=organisation,
        consent_recorded_by=side.partner,
    )
    membership = MembershipFactory(person=person, group=group)
    on = datetime.date(year, 3, 1)
    cycle = CycleFactory(group=group, number=1, started_on=on)
    commitment = CommitmentFactory(
        consultation__cycle=cycle,
        consultation__held_on=on,
        consultation__place=f"{token} school hall",
        what=f"A patrol by the {token} school",
        made_by=f"{token} district police chief",
        due_on=on,
    )
    concern = ConcernFactory(
        cycle=cycle,
        title=f"{token} water dispute",
        description=f"The {token} canal runs dry in July.",
    )
    ConcernSourceFactory(concern=concern)
    side.secret = ConcernFactory(
        cycle=cycle,
        title=f"{token} beatings after the bazaar",
        description=f"Women of upper {token} told the council of women.",
        status_note=f"Taken up with the {token} inspector in private.",
        category=Concern.Category.GENDER_VIOLENCE,
        sensitivity=Concern.Sensitivity.HIGHLY_SENSITIVE,
    )
    plan_event = PlanEventFactory(
        plan=ActionPlanFactory(cycle=cycle, title=f"{token} canal plan"),
        by=facilitator,
        comment=f"{token} plan drafted",
    )
    plan = plan_event.plan
    plan.concerns.add(concern)
    activity = ActivityFactory(
        plan=plan,
        title=f"{token} canal cleaning",
        responsible=f"{token} women's council",
        planned_start=on,
        planned_end=on,
    )
    side.rows = {
        Community: community,
        Programme: programme,
        Group: group,
        Person: person,
        Membership: membership,
        Cycle: cycle,
        CycleStepChange: CycleStepChangeFactory(
            cycle=cycle, changed_by=facilitator, reason=f"{token} cycle opened"
        ),
        Consultation: commitment.consultation,
        Commitment: commitment,
        Concern: concern,
        PriorityScore: PriorityScoreFactory(concern=concern),
        ActionPlan: plan,
        PlanEvent: plan_event,
        Activity: activity,
        Contribution: ContributionFactory(plan=plan, pledged_by=f"{token} ayil okmotu"),
        MonitoringUpdate: MonitoringUpdateFactory(
            activity=activity, reported_on=on, progress=f"The {token} canal is half clean."
        ),
        SensitiveConcernRead: SensitiveConcernRead.objects.create(
            concern=side.secret, user=facilitator, path=f"/{token}/"
        ),
        ReportSignOff: ReportSignOff.objects.create(
            programme=programme,
            period_start=datetime.date(year, 1, 1),
            period_end=datetime.date(year, 3, 31),
            signed_by=side.partner,
        ),
        ExportLog: ExportLog.objects.create(
            user=side.partner,
            what=f"{token} report",
            programme=programme,
            format="csv",
            row_count=12,
        ),
    }
    # Straight to step 5, where an evaluation is allowed: the moves are tested elsewhere.
    Cycle.objects.filter(pk=cycle.pk).update(step=Cycle.Step.EVALUATION)
    cycle.refresh_from_db()
    side.rows[Evaluation] = EvaluationFactory(
        cycle=cycle, held_on=on, what_worked=f"Working with the {token} shepherds."
    )
    TOTPDevice.objects.create(user=side.partner, name=f"{token} phone", confirmed=True)
    return side


def build_world() -> World:
    org_a = OrganisationFactory(name="Foundation for Tolerance International", short_name="FTI")
    org_b = OrganisationFactory(
        name="Agency for Social Technologies", short_name="ASTI", country="TJ"
    )
    donor_org = OrganisationFactory(name="UK Conflict Pool", kind="donor", country="")
    other_donor = OrganisationFactory(name="Swiss Cooperation Office", kind="donor", country="")
    programme_a = ProgrammeFactory(
        name="Somonion community security",
        donors=[donor_org],
        implementing_partners=[org_a],
    )
    programme_b = ProgrammeFactory(
        name="Vorukh cross-border dialogue",
        donors=[other_donor],
        implementing_partners=[org_b],
    )
    leilek = DistrictFactory(region=RegionFactory(country="KG", name="Batken"), name="Leilek")
    isfara = DistrictFactory(region=RegionFactory(country="TJ", name="Sughd"), name="Isfara")
    a = _side("Somonion", org_a, programme_a, leilek, "a", 2014)
    b = _side("Vorukh", org_b, programme_b, isfara, "b", 2019)
    superuser = UserFactory(
        username="root", organisation=None, role=User.Role.ADMIN, is_staff=True, is_superuser=True
    )
    sign_in = {"user_agent": "Firefox", "ip_address": "127.0.0.1", "username": "partner_a"}
    shared = {
        Region: leilek.region,
        District: leilek,
        Organisation: org_a,
        User: a.facilitator,
        PermissionGroup: PermissionGroup.objects.get(name=role_group_name(User.Role.PARTNER)),
        AccessAttempt: AccessAttempt.objects.create(
            **sign_in, http_accept="*/*", path_info="/login/", failures_since_start=1
        ),
        AccessLog: AccessLog.objects.create(**sign_in, http_accept="*/*", path_info="/login/"),
        AccessFailureLog: AccessFailureLog.objects.create(
            **sign_in, http_accept="*/*", path_info="/login/"
        ),
        TOTPDevice: TOTPDevice.objects.get(user=a.partner),
        ExchangeRate: ExchangeRate.objects.create(
            from_currency="KGS",
            to_currency="USD",
            rate="0.011500",
            valid_from=datetime.date(2014, 1, 1),
        ),
    }
    return World(
        a=a,
        b=b,
        donor_a=UserFactory(username="donor_a", organisation=donor_org, role=User.Role.DONOR),
        superuser=superuser,
        shared=shared,
    )
