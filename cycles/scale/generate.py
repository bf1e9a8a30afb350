"""Build a synthetic national-scale dataset with bulk inserts (`manage.py generate_scale_data`).

For N communities: about 1.25 N groups, 16 people per group, four cycles per group spread
over ten years and the five steps, ten consultations and twenty-odd concerns per cycle,
three or four action plans of four activities, four monitoring updates per activity, and
users of every role. A seeded random generator makes the same data every time.

Rows go in with `bulk_create`, so that 2,000 communities load in minutes: model `save()`,
signals and django-simple-history are skipped. The synthetic rows therefore have no
history rows; every constraint in the database still holds, and `full_clean` passes on
them (tests/cycles/test_scale_data.py).
"""

import datetime
import random
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.db import models, transaction
from django.utils import timezone

from communities.models import (
    AgeBand,
    Community,
    Country,
    Currency,
    District,
    Ethnicity,
    EthnicShare,
    Gender,
    Group,
    Membership,
    Organisation,
    Person,
    Programme,
    Region,
    User,
)
from cswg_portal.roles import sync_role
from cycles.models import (
    ActionPlan,
    Activity,
    ActivityReach,
    Attendance,
    Concern,
    ConcernSource,
    Consultation,
    Contribution,
    CriterionResult,
    Cycle,
    CycleStepChange,
    EthnicAttendance,
    Evaluation,
    ExchangeRate,
    MonitoringReach,
    MonitoringUpdate,
    PlanEvent,
    PriorityScore,
    ReportSignOff,
    SuccessCriterion,
)
from cycles.scale import vocabulary as words

SEED = 8
# Ten years of work; the data stops at FIXED_END, or yesterday on a clock set earlier.
START = datetime.date(2016, 7, 1)
FIXED_END = datetime.date(2026, 6, 30)
BATCH_SIZE = 2000
# Groups whose people, cycles and records are built and inserted together.
CHUNK = 50
USERNAME_PREFIX = "scale-"
ADMIN_USERNAME = f"{USERNAME_PREFIX}admin"

PEOPLE_PER_GROUP = 16
CONSULTATIONS_PER_CYCLE = 10
CONCERNS_PER_CYCLE = 22
PICKED_PER_CYCLE = 3
ACTIVITIES_PER_PLAN = 4
GROUPS_PER_FACILITATOR = 5
STAFF_PER_PARTNER = 2

# The step an open cycle has reached, as often as it is drawn here.
OPEN_STEPS = (1, 2, 3, 3, 4, 4, 5)
GROUP_SUFFIX = {
    Group.Kind.LCPC: "LCPC",
    Group.Kind.CSWG: "CSWG",
    Group.Kind.MAHALLA: "mahalla committee",
    Group.Kind.JOINT: "joint working group",
}

S = Concern.Status
PS = ActionPlan.Status
AS = Activity.Status


def end_date() -> datetime.date:
    return min(FIXED_END, timezone.localdate() - datetime.timedelta(days=1))


def at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=datetime.UTC)


def chunks(items: Sequence, size: int) -> Iterator[Sequence]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def insert(model: type[models.Model], rows: Iterable[models.Model]) -> list:
    """Bulk insert; the returned objects carry their primary keys."""
    return model.objects.bulk_create(list(rows), batch_size=BATCH_SIZE)


class Generator:
    def __init__(self, communities: int, seed: int = SEED, password: str = ""):
        if communities < 1:
            raise ValueError("At least one community.")
        self.size = communities
        self.rng = random.Random(seed)
        self.end = end_date()
        self.password_hash = make_password(password or None)
        self.facilitators_of: dict[int, list[User]] = {}
        self.staff_of: dict[int, list[User]] = {}

    # -- helpers ----------------------------------------------------------------------------

    def day_between(self, first: datetime.date, last: datetime.date) -> datetime.date:
        if last <= first:
            return first
        return first + datetime.timedelta(days=self.rng.randint(0, (last - first).days))

    def chance(self, probability: float) -> bool:
        return self.rng.random() < probability

    # -- the run ----------------------------------------------------------------------------

    @transaction.atomic
    def run(self, progress: Callable[[str], None] = lambda message: None) -> None:
        self.places()
        progress("places")
        self.organisations_and_programmes()
        self.groups()
        progress("groups and users")
        for number, part in enumerate(chunks(self.all_groups, CHUNK), start=1):
            self.fill(part)
            progress(f"groups {min(number * CHUNK, len(self.all_groups))}/{len(self.all_groups)}")
        self.sign_offs()

    # -- places -----------------------------------------------------------------------------

    def places(self) -> None:
        regions = {
            key: Region(country=key[0], name=key[1])
            for key in dict.fromkeys(
                (country, region) for country, region, *_rest in words.DISTRICTS
            )
        }
        insert(Region, regions.values())
        districts = insert(
            District,
            (District(region=regions[(c, r)], name=name) for c, r, name, *_rest in words.DISTRICTS),
        )
        used: Counter = Counter()
        communities = []
        for index in range(self.size):
            district = districts[index % len(districts)]
            country, _region, _name, latitude, longitude = words.DISTRICTS[index % len(districts)]
            stem = self.rng.choice(words.PLACE_STEMS)
            used[(district.pk, stem)] += 1
            count = used[(district.pk, stem)]
            communities.append(
                Community(
                    name=stem if count == 1 else f"{stem} {count}",
                    district=district,
                    kind=self.rng.choice(Community.Kind.values),
                    population=self.rng.randint(1_500, 40_000),
                    latitude=Decimal(f"{latitude + self.rng.uniform(-0.2, 0.2):.5f}"),
                    longitude=Decimal(f"{longitude + self.rng.uniform(-0.2, 0.2):.5f}"),
                    on_border=self.chance(0.25),
                    assessment_date=self.day_between(START, START + datetime.timedelta(400)),
                    assessment_notes="Mixed community with disputes over water and land.",
                    status=Community.Status.ACTIVE,
                )
            )
            communities[-1].country_code = country
        self.communities = insert(Community, communities)
        shares = []
        for community in self.communities:
            if community.country_code == Country.TAJIKISTAN:
                first, second = Ethnicity.TAJIK, Ethnicity.KYRGYZ
            else:
                first, second = self.rng.sample([Ethnicity.KYRGYZ, Ethnicity.UZBEK], 2)
            major = self.rng.randint(50, 95)
            shares.append(EthnicShare(community=community, ethnicity=first, percent=major))
            shares.append(
                EthnicShare(community=community, ethnicity=second, percent=100 - major - 1)
            )
        insert(EthnicShare, shares)

    # -- organisations, programmes, users ---------------------------------------------------

    def organisations_and_programmes(self) -> None:
        partner_count = max(2, self.size // 200)
        partners = [
            Organisation(name=name, short_name=short, kind=kind, country=country)
            for name, short, kind, country in words.PARTNERS[:partner_count]
        ]
        for number in range(len(partners), partner_count):
            country = Country.TAJIKISTAN if number % 3 == 0 else Country.KYRGYZSTAN
            partners.append(
                Organisation(
                    name=f"Community Security Partner {number + 1}",
                    short_name=f"CSP {number + 1}",
                    kind=Organisation.Kind.LOCAL_NGO,
                    country=country,
                )
            )
        self.partners = insert(Organisation, partners)
        self.donors = insert(
            Organisation,
            (
                Organisation(name=name, short_name=short, kind=Organisation.Kind.DONOR)
                for name, short in words.DONORS
            ),
        )
        programme_count = max(2, self.size // 250)
        currencies = [Currency.GBP, Currency.USD, Currency.EUR]
        self.programmes = insert(
            Programme,
            (
                Programme(
                    name=f"Community Security Programme {number + 1}",
                    start=START,
                    end=None if number % 2 == 0 else FIXED_END,
                    currency=currencies[number % len(currencies)],
                )
                for number in range(programme_count)
            ),
        )
        donor_rows, partner_rows = [], []
        self.partners_of: dict[int, list[Organisation]] = {}
        for number, programme in enumerate(self.programmes):
            donors = {self.donors[number % len(self.donors)]}
            if number % 3 == 0:
                donors.add(self.donors[(number + 1) % len(self.donors)])
            donor_rows += [
                Programme.donors.through(programme_id=programme.pk, organisation_id=donor.pk)
                for donor in donors
            ]
            # The largest programme (the first) works with half the partners, others with two.
            if number == 0:
                chosen = self.partners[: max(2, len(self.partners) // 2)]
            else:
                chosen = [
                    self.partners[(number + shift) % len(self.partners)] for shift in range(2)
                ]
            self.partners_of[programme.pk] = list(dict.fromkeys(chosen))
            partner_rows += [
                Programme.implementing_partners.through(
                    programme_id=programme.pk, organisation_id=partner.pk
                )
                for partner in self.partners_of[programme.pk]
            ]
        insert(Programme.donors.through, donor_rows)
        insert(Programme.implementing_partners.through, partner_rows)
        rates = []
        for programme_currency in {programme.currency for programme in self.programmes}:
            for currency, rate in (
                (Currency.KGS, "0.0115"),
                (Currency.TJS, "0.092"),
                (Currency.USD, "1"),
                (Currency.EUR, "1.08"),
                (Currency.GBP, "1.27"),
            ):
                to_usd = {"USD": Decimal(1), "EUR": Decimal("1.08"), "GBP": Decimal("1.27")}
                if currency == programme_currency:
                    continue
                rates.append(
                    ExchangeRate(
                        from_currency=currency,
                        to_currency=programme_currency,
                        rate=(Decimal(rate) / to_usd[programme_currency]).quantize(
                            Decimal("0.000001")
                        ),
                        valid_from=START - datetime.timedelta(days=365),
                    )
                )
        insert(ExchangeRate, rates)

    def user(self, username: str, role: str, organisation: Organisation | None, **extra) -> User:
        first = self.rng.choice(words.FIRST_NAMES["female" if self.chance(0.5) else "male"])
        return User(
            username=username,
            password=self.password_hash,
            first_name=first,
            last_name=self.rng.choice(words.SURNAMES["male"]),
            role=role,
            organisation=organisation,
            **extra,
        )

    # -- groups -----------------------------------------------------------------------------

    def groups(self) -> None:
        # The largest programme takes about a third of the communities.
        weights = [len(self.programmes)] + [1.5] * (len(self.programmes) - 1)
        groups, links = [], []
        for index, community in enumerate(self.communities):
            programme = self.rng.choices(self.programmes, weights=weights)[0]
            partner = self.rng.choice(self.partners_of[programme.pk])
            tajik = community.country_code == Country.TAJIKISTAN
            first_kind = self.rng.choice(
                [Group.Kind.MAHALLA, Group.Kind.CSWG]
                if tajik
                else [Group.Kind.LCPC] * 3 + [Group.Kind.CSWG] * 2
            )
            kinds = [first_kind]
            if index % 4 == 0:
                kinds.append(Group.Kind.CSWG)
            members = [community]
            if index % 100 == 99:
                kinds.append(Group.Kind.JOINT)
                members.append(self.communities[index - 1])
            for kind in kinds:
                group = Group(
                    name=f"{community.name} {GROUP_SUFFIX[kind]}",
                    kind=kind,
                    partner=partner,
                    programme=programme,
                    established=self.day_between(START, START + datetime.timedelta(days=700)),
                    officially_recognised=kind == Group.Kind.LCPC,
                    premises_provided=self.chance(0.4),
                    status=Group.Status.DORMANT
                    if groups and self.chance(0.05)
                    else Group.Status.ACTIVE,
                )
                group.community_list = members if kind == Group.Kind.JOINT else [community]
                groups.append(group)
        self.all_groups = insert(Group, groups)
        for group in self.all_groups:
            links += [
                Group.communities.through(group_id=group.pk, community_id=community.pk)
                for community in group.community_list
            ]
        insert(Group.communities.through, links)
        self.merge_some()
        self.programme_communities()
        self.users()

    def merge_some(self) -> None:
        """One in five second CSWGs of a community joined its LCPC: a merge to keep."""
        first_of: dict[int, Group] = {}
        merged = []
        for group in self.all_groups:
            community = group.community_list[0].pk
            lcpc = first_of.setdefault(community, group)
            if (
                lcpc is not group
                and lcpc.kind == Group.Kind.LCPC
                and group.kind == Group.Kind.CSWG
                and self.chance(0.2)
            ):
                group.status = Group.Status.MERGED
                group.merged_into = lcpc
                group.merged_on = group.established + datetime.timedelta(
                    days=self.rng.randint(1_200, 2_000)
                )
                merged.append(group)
        Group.objects.bulk_update(merged, ["status", "merged_into", "merged_on"])

    def programme_communities(self) -> None:
        pairs = {
            (group.programme_id, community.pk)
            for group in self.all_groups
            for community in group.community_list
        }
        insert(
            Programme.communities.through,
            (
                Programme.communities.through(programme_id=programme, community_id=community)
                for programme, community in sorted(pairs)
            ),
        )

    def users(self) -> None:
        admin = self.user(ADMIN_USERNAME, User.Role.ADMIN, None, is_staff=True, is_superuser=True)
        staff = [
            self.user(f"{USERNAME_PREFIX}partner-{number}-{seat}", User.Role.PARTNER, partner)
            for number, partner in enumerate(self.partners, start=1)
            for seat in range(1, STAFF_PER_PARTNER + 1)
        ]
        donors = [
            self.user(f"{USERNAME_PREFIX}donor-{number}", User.Role.DONOR, donor)
            for number, donor in enumerate(self.donors, start=1)
        ]
        by_partner: dict[int, list[Group]] = {}
        for group in self.all_groups:
            by_partner.setdefault(group.partner_id, []).append(group)
        facilitators, assignments = [], []
        for partner in self.partners:
            for part in chunks(by_partner.get(partner.pk, []), GROUPS_PER_FACILITATOR):
                facilitator = self.user(
                    f"{USERNAME_PREFIX}facilitator-{len(facilitators) + 1}",
                    User.Role.FACILITATOR,
                    partner,
                )
                facilitator.assigned = part
                facilitators.append(facilitator)
        insert(User, [admin, *staff, *donors, *facilitators])
        for user in [admin, *staff]:
            sync_role(user)
        for user in staff:
            self.staff_of.setdefault(user.organisation_id, []).append(user)
        for facilitator in facilitators:
            for group in facilitator.assigned:
                assignments.append(
                    Group.facilitators.through(group_id=group.pk, user_id=facilitator.pk)
                )
                self.facilitators_of.setdefault(group.pk, []).append(facilitator)
        insert(Group.facilitators.through, assignments)

    def is_anchor(self, group: Group) -> bool:
        """The first group: the same shape at every size, for the pages measured on it."""
        return group.pk == self.all_groups[0].pk

    def facilitator(self, group: Group) -> User:
        return self.facilitators_of[group.pk][0]

    # -- one chunk of groups: people, cycles and everything in them --------------------------

    def fill(self, groups: Sequence[Group]) -> None:
        self.people(groups)
        cycles = self.cycles(groups)
        self.consultations(cycles)
        concerns = self.concerns(cycles)
        plans = self.plans(cycles, concerns)
        activities = self.activities(plans)
        self.monitoring(activities)
        self.evaluations(cycles, plans)

    def people(self, groups: Sequence[Group]) -> None:
        people, memberships = [], []
        sectors = Membership.Sector.values
        for group in groups:
            recorder = self.facilitator(group)
            for seat in range(PEOPLE_PER_GROUP):
                gender = Gender.FEMALE if self.chance(0.45) else Gender.MALE
                person = Person(
                    full_name=f"{self.rng.choice(words.FIRST_NAMES[gender])} "
                    f"{self.rng.choice(words.SURNAMES[gender])}",
                    gender=gender,
                    age_band=self.rng.choice(AgeBand.values[1:]),
                    ethnicity=self.rng.choice(
                        [Ethnicity.KYRGYZ, Ethnicity.UZBEK, Ethnicity.TAJIK, Ethnicity.NOT_STATED]
                    ),
                    phone=f"+996 555 000 {self.rng.randint(100, 999)}" if self.chance(0.3) else "",
                    organisation_id=group.partner_id,
                    consent_date=group.established,
                    consent_basis=self.rng.choice(Person.ConsentBasis.values),
                    consent_recorded_by=recorder,
                )
                people.append(person)
                start = group.established + datetime.timedelta(days=self.rng.randint(0, 400))
                end = group.merged_on
                if end is None and self.chance(0.15):
                    end = start + datetime.timedelta(days=self.rng.randint(200, 2_000))
                if end is not None:
                    start = min(start, end)
                memberships.append(
                    Membership(
                        person=person,
                        group=group,
                        role=[Membership.Role.CHAIR, Membership.Role.SECRETARY][seat]
                        if seat < 2
                        else Membership.Role.MEMBER,
                        sector=self.rng.choice(sectors),
                        start=start,
                        end=end,
                    )
                )
        insert(Person, people)
        insert(Membership, memberships)

    def cycles(self, groups: Sequence[Group]) -> list[Cycle]:
        cycles, moves = [], []
        for group in groups:
            first = group.established + datetime.timedelta(days=self.rng.randint(30, 200))
            if group.status == Group.Status.MERGED:
                last = group.merged_on
            elif group.status == Group.Status.DORMANT:
                last = min(self.end, first + datetime.timedelta(days=1_800))
            else:
                last = self.end
            count = self.rng.choice([3, 4, 4, 5])
            # The first group has the same shape at every size, for pages measured on it
            # (cycles.scale.pages): four cycles, the last one open at step 4.
            anchor = self.is_anchor(group)
            if anchor:
                count = 4
            length = max(60, (last - first).days // count)
            for number in range(1, count + 1):
                started = first + datetime.timedelta(days=(number - 1) * length)
                is_open = number == count and group.status == Group.Status.ACTIVE
                closed = None if is_open else started + datetime.timedelta(days=length - 20)
                if number == 1:
                    facilitation = Cycle.Facilitation.PARTNER_LED
                elif number == 2:
                    facilitation = self.rng.choice(
                        [Cycle.Facilitation.PARTNER_LED, Cycle.Facilitation.CO_FACILITATED]
                    )
                else:
                    facilitation = self.rng.choice(
                        [Cycle.Facilitation.CO_FACILITATED, Cycle.Facilitation.GROUP_LED]
                    )
                cycle = Cycle(
                    group=group,
                    number=number,
                    facilitation=facilitation,
                    started_on=started,
                    closed_on=closed,
                    step=5 if not is_open else 4 if anchor else self.rng.choice(OPEN_STEPS),
                    conflict_drivers="Disputes over water and land; unemployment among youth.",
                    dividers="Separate schools and markets.",
                    connectors="Shared bazaar, weddings, the irrigation canal.",
                    actors="Ayil okmotu, district police, elders' court, youth committee.",
                    risks="Rumours after a fight could set the two sides against each other.",
                )
                # The last day its records may carry.
                cycle.last_day = closed or self.end
                cycles.append(cycle)
        insert(Cycle, cycles)
        previous = []
        for before, cycle in zip(cycles, cycles[1:], strict=False):
            if before.group is cycle.group:
                cycle.previous = before
                previous.append(cycle)
        Cycle.objects.bulk_update(previous, ["previous"], batch_size=BATCH_SIZE)
        for cycle in cycles:
            by = self.facilitator(cycle.group)
            moves.append(
                CycleStepChange(
                    cycle=cycle,
                    action=CycleStepChange.Action.STARTED,
                    to_step=1,
                    changed_by=by,
                    changed_at=at(cycle.started_on),
                )
            )
            for step in range(2, cycle.step + 1):
                moves.append(
                    CycleStepChange(
                        cycle=cycle,
                        action=CycleStepChange.Action.ADVANCED,
                        from_step=step - 1,
                        to_step=step,
                        changed_by=by,
                        changed_at=at(self.step_day(cycle, step)),
                    )
                )
            if cycle.closed_on:
                moves.append(
                    CycleStepChange(
                        cycle=cycle,
                        action=CycleStepChange.Action.CLOSED,
                        from_step=5,
                        to_step=5,
                        changed_by=by,
                        changed_at=at(cycle.closed_on),
                    )
                )
        insert(CycleStepChange, moves)
        return cycles

    @staticmethod
    def step_day(cycle: Cycle, step: int) -> datetime.date:
        """The day a cycle reached a step: its days split evenly over the five steps."""
        span = (cycle.last_day - cycle.started_on).days
        return cycle.started_on + datetime.timedelta(days=span * (step - 1) // 5)

    def consultations(self, cycles: Sequence[Cycle]) -> None:
        """Ten per cycle, with attendance; `cycle.consultation_list` keeps those in the cycle."""
        consultations, cells, ethnic = [], [], []
        kinds = [kind for kind in Consultation.Kind.values if kind != Consultation.Kind.TRAINING]
        for cycle in cycles:
            group = cycle.group
            place = group.community_list[0].name
            led_by_group = cycle.facilitation == Cycle.Facilitation.GROUP_LED
            cycle.consultation_list = []
            last = min(cycle.last_day, self.step_day(cycle, min(cycle.step + 1, 5)))
            for number in range(CONSULTATIONS_PER_CYCLE):
                kind = Consultation.Kind.TRAINING if number == 0 else self.rng.choice(kinds)
                consultation = Consultation(
                    group=group,
                    cycle=None if kind == Consultation.Kind.TRUST_BUILDING else cycle,
                    kind=kind,
                    held_on=self.day_between(cycle.started_on, last),
                    place=f"{place} {self.rng.choice(words.MEETING_PLACES)}",
                    topic="The SARA problem-solving method" if number == 0 else "",
                    facilitator=None if led_by_group else self.facilitator(group),
                    police_attended=self.chance(0.4),
                    local_authority_attended=self.chance(0.5),
                    other_services_attended=self.chance(0.2),
                )
                consultations.append(consultation)
                if consultation.cycle is not None:
                    cycle.consultation_list.append(consultation)
                total = 0
                for gender, band in self.rng.sample(
                    [(g, b) for g in Gender.values for b in AgeBand.values[1:]], 4
                ):
                    count = self.rng.randint(1, 15)
                    total += count
                    cells.append(
                        Attendance(
                            consultation=consultation, gender=gender, age_band=band, count=count
                        )
                    )
                for ethnicity in self.rng.sample([Ethnicity.KYRGYZ, Ethnicity.UZBEK], 2):
                    share = self.rng.randint(0, total // 2)
                    ethnic.append(
                        EthnicAttendance(
                            consultation=consultation, ethnicity=ethnicity, count=share
                        )
                    )
        insert(Consultation, consultations)
        insert(Attendance, cells)
        insert(EthnicAttendance, ethnic)

    def concerns(self, cycles: Sequence[Cycle]) -> dict[int, list[Concern]]:
        """From step 2 on: who raised them, scores from step 3, one carried to the next cycle."""
        concerns, raised_at, sources, scores, carried = [], [], [], [], []
        by_cycle: dict[int, list[Concern]] = {}
        previous_carried: dict[int, Concern] = {}
        for cycle in cycles:
            if cycle.step < 2 or not cycle.consultation_list:
                continue
            mine = by_cycle.setdefault(cycle.pk, [])
            for number in range(CONCERNS_PER_CYCLE):
                title, category = self.rng.choice(words.CONCERNS)
                status, note = self.concern_status(cycle, number)
                sensitivity = Concern.Sensitivity.NORMAL
                if self.chance(0.04):
                    sensitivity = Concern.Sensitivity.HIGHLY_SENSITIVE
                elif self.chance(0.1):
                    sensitivity = Concern.Sensitivity.SENSITIVE
                if self.is_anchor(cycle.group):
                    # Reading a highly sensitive concern's story logs the read (a write):
                    # the measured story is an ordinary one at every size.
                    sensitivity = Concern.Sensitivity.NORMAL
                concern = Concern(
                    cycle=cycle,
                    title=title,
                    description="Raised by several people at the meeting.",
                    category=category,
                    sensitivity=sensitivity,
                    status=status,
                    status_note=note,
                )
                concern.at = self.rng.choice(cycle.consultation_list)
                mine.append(concern)
                concerns.append(concern)
            if cycle.previous_id and cycle.previous_id in previous_carried:
                carried.append((mine[0], previous_carried[cycle.previous_id]))
            previous_carried[cycle.pk] = mine[PICKED_PER_CYCLE - 1]
        insert(Concern, concerns)
        for new, old in carried:
            if old.status == S.CARRIED_OVER:
                new.carried_from = old
        Concern.objects.bulk_update(
            [new for new, _old in carried if new.carried_from_id], ["carried_from"]
        )
        who_values = [who for who in ConcernSource.Who.values if who != "ethnic_group"]
        for concern in concerns:
            raised_at.append(
                Concern.raised_at.through(concern_id=concern.pk, consultation_id=concern.at.pk)
            )
            for who in self.rng.sample(who_values, self.rng.choice([1, 1, 2])):
                sources.append(ConcernSource(concern=concern, who=who))
            if self.chance(0.1):
                sources.append(
                    ConcernSource(
                        concern=concern,
                        who=ConcernSource.Who.ETHNIC_GROUP,
                        ethnicity=self.rng.choice([Ethnicity.KYRGYZ, Ethnicity.UZBEK]),
                    )
                )
        for cycle_concerns in by_cycle.values():
            if cycle_concerns[0].cycle.step < 3:
                continue
            for concern in cycle_concerns[:8]:
                scores.append(
                    PriorityScore(
                        concern=concern,
                        **{name: self.rng.randint(1, 5) for name in PriorityScore.CRITERIA},
                    )
                )
        insert(Concern.raised_at.through, raised_at)
        insert(ConcernSource, sources)
        insert(PriorityScore, scores)
        return by_cycle

    def concern_status(self, cycle: Cycle, number: int) -> tuple[str, str]:
        picked = number < PICKED_PER_CYCLE
        if cycle.closed_on:
            if number == PICKED_PER_CYCLE - 1:
                return S.CARRIED_OVER, ""
            if picked:
                return S.RESOLVED, "Solved with the ayil okmotu."
            if self.chance(0.2):
                return S.DROPPED, "Nobody could act on it locally."
            return self.rng.choice([S.OPEN, S.RESOLVED, S.CARRIED_OVER]), ""
        if not picked or cycle.step < 3:
            return S.OPEN, ""
        return (S.PRIORITISED if cycle.step == 3 else S.BEING_ADDRESSED), ""

    def plan_status(self, cycle: Cycle) -> str:
        if cycle.closed_on:
            return PS.COMPLETED
        if cycle.step == 3:
            return self.rng.choice([PS.DRAFT, PS.SUBMITTED, PS.RETURNED, PS.APPROVED])
        return self.rng.choice([PS.APPROVED, PS.IN_PROGRESS, PS.IN_PROGRESS, PS.COMPLETED])

    def plans(self, cycles: Sequence[Cycle], concerns: dict[int, list[Concern]]) -> list:
        plans, links, events, criteria, money = [], [], [], [], []
        for cycle in cycles:
            if cycle.step < 3 or cycle.pk not in concerns:
                continue
            picked = concerns[cycle.pk][:PICKED_PER_CYCLE]
            for number in range(self.rng.choice([3, 4])):
                concern = picked[number % len(picked)]
                plan = ActionPlan(
                    cycle=cycle,
                    title=f"Plan {number + 1}: {concern.title}"[:200],
                    objective="Fewer incidents and more trust between neighbours.",
                    harm_risks="Families of those involved could feel singled out.",
                    tension_avoidance="Both communities plan and run every activity together.",
                    status=self.plan_status(cycle),
                )
                plan.concern = concern
                plans.append(plan)
        insert(ActionPlan, plans)
        for plan in plans:
            cycle = plan.cycle
            facilitator = self.facilitator(cycle.group)
            reviewer = self.staff_of[cycle.group.partner_id][0]
            links.append(
                ActionPlan.concerns.through(actionplan_id=plan.pk, concern_id=plan.concern.pk)
            )
            day = self.step_day(cycle, 3)
            if plan.status != PS.DRAFT:
                events.append(
                    PlanEvent(
                        plan=plan,
                        from_status=PS.DRAFT,
                        to_status=PS.SUBMITTED,
                        by=facilitator,
                        at=at(day),
                    )
                )
            if plan.status == PS.RETURNED:
                events.append(
                    PlanEvent(
                        plan=plan,
                        from_status=PS.SUBMITTED,
                        to_status=PS.RETURNED,
                        by=reviewer,
                        at=at(day, 15),
                        comment="Say who from the youth committee takes part.",
                    )
                )
            if plan.status in PS.approved():
                events.append(
                    PlanEvent(
                        plan=plan,
                        from_status=PS.SUBMITTED,
                        to_status=PS.APPROVED,
                        by=reviewer,
                        at=at(day, 15),
                    )
                )
            for number in range(2):
                criteria.append(
                    SuccessCriterion(
                        plan=plan,
                        description=f"Incidents reported each month ({number + 1})",
                        baseline="About ten a month",
                        target="Fewer than three a month",
                    )
                )
            currency = (
                Currency.TJS
                if cycle.group.community_list[0].country_code == Country.TAJIKISTAN
                else Currency.KGS
            )
            for _number in range(self.rng.choice([1, 2])):
                pledged = Decimal(self.rng.randint(5, 200) * 1_000)
                money.append(
                    Contribution(
                        plan=plan,
                        source=self.rng.choice(Contribution.Source.values),
                        kind=self.rng.choice(Contribution.Kind.values),
                        pledged_by="Ayil okmotu",
                        value_pledged=pledged,
                        value_delivered=pledged if plan.status == PS.COMPLETED else Decimal(0),
                        currency=currency,
                    )
                )
            plan.currency = currency
        insert(ActionPlan.concerns.through, links)
        insert(PlanEvent, events)
        self.criteria = insert(SuccessCriterion, criteria)
        insert(Contribution, money)
        return plans

    def activity_status(self, plan: ActionPlan) -> str:
        if plan.status == PS.COMPLETED:
            return AS.CANCELLED if self.chance(0.05) else AS.DONE
        if plan.status == PS.IN_PROGRESS:
            return self.rng.choice([AS.PLANNED, AS.IN_PROGRESS, AS.DONE])
        return AS.PLANNED

    def activities(self, plans: Sequence[ActionPlan]) -> list[Activity]:
        activities, reach = [], []
        for plan in plans:
            cycle = plan.cycle
            first, last = self.step_day(cycle, 3), self.step_day(cycle, 5)
            for _number in range(ACTIVITIES_PER_PLAN):
                title, kind = self.rng.choice(words.ACTIVITIES)
                start = self.day_between(first, last)
                status = self.activity_status(plan)
                grant = self.chance(0.5)
                done = status == AS.DONE
                activities.append(
                    Activity(
                        plan=plan,
                        title=title,
                        kind=kind,
                        responsible="Youth committee",
                        planned_start=start,
                        planned_end=start + datetime.timedelta(days=self.rng.randint(0, 60)),
                        actual_start=start if status != AS.PLANNED else None,
                        actual_end=start + datetime.timedelta(days=3) if done else None,
                        status=status,
                        not_done_reason="The ayil okmotu withdrew its support."
                        if status == AS.CANCELLED
                        else "",
                        seed_grant=Decimal(self.rng.randint(1, 40) * 50) if grant else None,
                        seed_grant_currency=Currency.USD if grant else "",
                    )
                )
        insert(Activity, activities)
        for activity in activities:
            if activity.status not in (AS.DONE, AS.IN_PROGRESS):
                continue
            for gender, band in self.rng.sample(
                [(g, b) for g in Gender.values for b in AgeBand.values[1:]], 3
            ):
                reach.append(
                    ActivityReach(
                        activity=activity,
                        gender=gender,
                        age_band=band,
                        count=self.rng.randint(5, 120),
                    )
                )
        insert(ActivityReach, reach)
        return activities

    def monitoring(self, activities: Sequence[Activity]) -> None:
        updates, reach = [], []
        for activity in activities:
            if activity.status == AS.PLANNED:
                continue
            cycle = activity.plan.cycle
            if cycle.step < 4:
                continue
            count = self.rng.randint(2, 5) if activity.status == AS.DONE else self.rng.randint(1, 3)
            for number in range(count):
                status = activity.status if number == count - 1 else AS.IN_PROGRESS
                updates.append(
                    MonitoringUpdate(
                        activity=activity,
                        reported_on=self.day_between(activity.planned_start, cycle.last_day),
                        status=status,
                        progress="Went as planned; more young people came than expected.",
                        reported_by=self.facilitator(cycle.group),
                    )
                )
        insert(MonitoringUpdate, updates)
        for update in updates:
            if self.chance(0.4):
                reach.append(
                    MonitoringReach(
                        update=update,
                        gender=self.rng.choice(Gender.values),
                        age_band=self.rng.choice(AgeBand.values[1:]),
                        count=self.rng.randint(1, 40),
                    )
                )
        insert(MonitoringReach, reach)

    def evaluations(self, cycles: Sequence[Cycle], plans: Sequence[ActionPlan]) -> None:
        criteria_of: dict[int, list[SuccessCriterion]] = {}
        for criterion in self.criteria:
            criteria_of.setdefault(criterion.plan.cycle_id, []).append(criterion)
        evaluations, results = [], []
        for cycle in cycles:
            if not cycle.closed_on:
                continue
            before = self.rng.randint(1, 4)
            evaluation = Evaluation(
                cycle=cycle,
                held_on=cycle.closed_on - datetime.timedelta(days=5),
                participants="Group members, the ayil okmotu and the neighbourhood inspector.",
                safety_before=before,
                safety_after=min(5, before + self.rng.randint(0, 2)),
                what_worked="Joint events of both communities.",
                lessons="Start with the issues everyone agrees on.",
                improvements="Bring the women's council in earlier.",
            )
            evaluation.criteria = criteria_of.get(cycle.pk, [])[:2]
            evaluations.append(evaluation)
        insert(Evaluation, evaluations)
        for evaluation in evaluations:
            results += [
                CriterionResult(
                    evaluation=evaluation,
                    criterion=criterion,
                    result=self.rng.choice(CriterionResult.Result.values),
                )
                for criterion in evaluation.criteria
            ]
        insert(CriterionResult, results)

    # -- report sign-offs -------------------------------------------------------------------

    def sign_offs(self) -> None:
        """Every full year signed off, so that donors read the reports."""
        rows = []
        for programme in self.programmes:
            signer = self.staff_of[self.partners_of[programme.pk][0].pk][0]
            for year in range(START.year + 1, self.end.year):
                rows.append(
                    ReportSignOff(
                        programme=programme,
                        period_start=datetime.date(year, 1, 1),
                        period_end=datetime.date(year, 12, 31),
                        signed_by=signer,
                        signed_at=at(datetime.date(year + 1, 1, 20)),
                    )
                )
        insert(ReportSignOff, rows)


def generate(communities: int, seed: int = SEED, password: str = "", progress=None) -> None:
    """Build the dataset in an empty database (see the module docstring)."""
    Generator(communities, seed=seed, password=password).run(progress or (lambda message: None))
