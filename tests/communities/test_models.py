"""The rules the communities data must keep: in the database, and as friendly form messages."""

import datetime
from contextlib import contextmanager

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from communities.models import (
    AgeBand,
    Ethnicity,
    EthnicShare,
    Group,
    Membership,
    Person,
    Programme,
    User,
)
from tests.factories import (
    CommunityFactory,
    DistrictFactory,
    EthnicShareFactory,
    GroupFactory,
    MembershipFactory,
    OrganisationFactory,
    PersonFactory,
    ProgrammeFactory,
    RegionFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

JAN_2014 = datetime.date(2014, 1, 1)


@contextmanager
def refused_by_database():
    """Expect the database itself to refuse the write; the savepoint keeps the test usable."""
    with pytest.raises(IntegrityError), transaction.atomic():
        yield


def errors_of(instance) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as caught:
        instance.full_clean()
    return caught.value.message_dict


# Database constraints, written through the ORM without full_clean.


def test_database_refuses_membership_ending_before_it_starts():
    with refused_by_database():
        MembershipFactory(start=datetime.date(2015, 5, 1), end=datetime.date(2015, 4, 30))


def test_database_accepts_membership_ending_on_its_first_day():
    membership = MembershipFactory(start=JAN_2014, end=JAN_2014)

    assert Membership.objects.get(pk=membership.pk).end == JAN_2014


def test_database_refuses_second_open_membership_in_the_same_group():
    first = MembershipFactory()

    with refused_by_database():
        MembershipFactory(person=first.person, group=first.group, start=datetime.date(2015, 1, 1))

    assert Membership.objects.filter(person=first.person).count() == 1


def test_database_accepts_a_closed_and_an_open_membership_in_the_same_group():
    closed = MembershipFactory(start=JAN_2014, end=datetime.date(2014, 12, 31))
    MembershipFactory(person=closed.person, group=closed.group, start=datetime.date(2015, 6, 1))

    memberships = Membership.objects.filter(person=closed.person, group=closed.group)
    assert sorted((m.start, m.end) for m in memberships) == [
        (JAN_2014, datetime.date(2014, 12, 31)),
        (datetime.date(2015, 6, 1), None),
    ]


def test_database_accepts_open_memberships_in_two_different_groups():
    first = MembershipFactory()
    second = MembershipFactory(person=first.person)

    assert first.group != second.group
    assert Membership.objects.filter(person=first.person, end__isnull=True).count() == 2


def test_database_refuses_programme_ending_before_it_starts():
    with refused_by_database():
        ProgrammeFactory(start=datetime.date(2015, 1, 1), end=datetime.date(2014, 12, 31))


@pytest.mark.parametrize("percent", [150, -1])
def test_database_refuses_ethnic_share_outside_0_to_100(percent):
    with refused_by_database():
        EthnicShareFactory(percent=percent)


def test_database_refuses_the_same_ethnicity_twice_in_a_community():
    share = EthnicShareFactory(ethnicity=Ethnicity.UZBEK, percent=40)

    with refused_by_database():
        EthnicShareFactory(community=share.community, ethnicity=Ethnicity.UZBEK, percent=10)


def test_database_accepts_ethnic_shares_of_0_and_100():
    community = CommunityFactory()
    EthnicShareFactory(community=community, ethnicity=Ethnicity.KYRGYZ, percent=100)
    EthnicShareFactory(community=community, ethnicity=Ethnicity.TAJIK, percent=0)

    assert community.ethnic_shares.count() == 2


@pytest.mark.parametrize(
    ("latitude", "longitude"),
    [(95, 72), (-90.5, 72), (40, 181), (40, -180.5)],
)
def test_database_refuses_coordinates_out_of_range(latitude, longitude):
    with refused_by_database():
        CommunityFactory(latitude=latitude, longitude=longitude)


@pytest.mark.parametrize(("latitude", "longitude"), [(40.5, None), (None, 72.1)])
def test_database_refuses_half_a_location(latitude, longitude):
    with refused_by_database():
        CommunityFactory(latitude=latitude, longitude=longitude)


def test_database_accepts_a_community_without_location():
    community = CommunityFactory(latitude=None, longitude=None)

    assert community.pk is not None


def test_database_refuses_merged_group_without_target():
    with refused_by_database():
        GroupFactory(status=Group.Status.MERGED, merged_on=datetime.date(2014, 6, 1))


def test_database_refuses_merged_group_without_merge_date():
    lcpc = GroupFactory(kind=Group.Kind.LCPC)

    with refused_by_database():
        GroupFactory(status=Group.Status.MERGED, merged_into=lcpc)


def test_database_refuses_merge_target_on_an_active_group():
    lcpc = GroupFactory(kind=Group.Kind.LCPC)

    with refused_by_database():
        GroupFactory(
            status=Group.Status.ACTIVE, merged_into=lcpc, merged_on=datetime.date(2014, 6, 1)
        )


def test_database_refuses_group_merged_into_itself():
    group = GroupFactory()

    with refused_by_database():
        Group.objects.filter(pk=group.pk).update(
            status=Group.Status.MERGED, merged_into=group, merged_on=datetime.date(2014, 6, 1)
        )


def test_database_accepts_a_properly_merged_group():
    lcpc = GroupFactory(kind=Group.Kind.LCPC)
    cswg = GroupFactory(
        status=Group.Status.MERGED, merged_into=lcpc, merged_on=datetime.date(2014, 6, 1)
    )

    assert list(lcpc.merged_groups.all()) == [cswg]


@pytest.mark.parametrize("role", [User.Role.FACILITATOR, User.Role.PARTNER, User.Role.DONOR])
def test_database_refuses_user_without_organisation_unless_admin(role):
    with refused_by_database():
        UserFactory(organisation=None, role=role)


def test_database_accepts_administrator_without_organisation():
    admin = UserFactory(organisation=None, role=User.Role.ADMIN)

    assert User.objects.get(pk=admin.pk).organisation is None


def test_database_refuses_person_with_neither_age_band_nor_birth_year():
    with refused_by_database():
        PersonFactory(age_band="", birth_year=None)


# Friendly messages from full_clean, on the field the user has to correct.


def test_clean_explains_membership_ending_before_it_starts():
    membership = MembershipFactory.build(
        person=PersonFactory(),
        group=GroupFactory(),
        start=datetime.date(2015, 5, 1),
        end=datetime.date(2015, 4, 30),
    )

    assert errors_of(membership) == {"end": ["The end cannot be before the start."]}


def test_clean_explains_second_open_membership_in_the_same_group():
    first = MembershipFactory()
    second = Membership(
        person=first.person,
        group=first.group,
        sector=Membership.Sector.SCHOOL,
        start=datetime.date(2015, 1, 1),
    )

    assert errors_of(second) == {
        "__all__": ["This person already has an open membership in this group."]
    }


def test_clean_accepts_a_new_open_membership_after_a_closed_one():
    closed = MembershipFactory(end=datetime.date(2014, 12, 31))
    reopened = Membership(
        person=closed.person,
        group=closed.group,
        sector=Membership.Sector.COMMUNITY,
        start=datetime.date(2015, 6, 1),
    )

    reopened.full_clean()


def test_clean_explains_programme_ending_before_it_starts():
    programme = Programme(
        name="Safer communities", start=datetime.date(2015, 1, 1), end=datetime.date(2014, 1, 1)
    )

    assert errors_of(programme) == {"end": ["The end cannot be before the start."]}


@pytest.mark.parametrize(
    ("percent", "message"),
    [
        (150, "Ensure this value is less than or equal to 100."),
        (-1, "Ensure this value is greater than or equal to 0."),
    ],
)
def test_clean_explains_ethnic_share_outside_0_to_100(percent, message):
    share = EthnicShare(community=CommunityFactory(), ethnicity=Ethnicity.UZBEK, percent=percent)

    assert errors_of(share) == {"percent": [message]}


def test_clean_explains_the_same_ethnicity_twice_in_a_community():
    share = EthnicShareFactory(ethnicity=Ethnicity.UZBEK)
    duplicate = EthnicShare(community=share.community, ethnicity=Ethnicity.UZBEK, percent=5)

    assert errors_of(duplicate) == {
        "__all__": ["Ethnic share with this Community and Ethnic group already exists."]
    }


def test_clean_explains_latitude_out_of_range():
    community = CommunityFactory.build(district=DistrictFactory(), latitude=95, longitude=72)

    assert errors_of(community) == {"latitude": ["Ensure this value is less than or equal to 90."]}


def test_clean_explains_half_a_location_on_the_missing_coordinate_only():
    community = CommunityFactory.build(district=DistrictFactory(), latitude=40.5, longitude=None)

    # One message the user can act on, not followed by the raw constraint name.
    assert errors_of(community) == {"longitude": ["Give both latitude and longitude, or neither."]}


def test_clean_explains_merged_status_without_target():
    group = GroupFactory()
    group.status = Group.Status.MERGED
    group.merged_on = datetime.date(2014, 6, 1)

    assert errors_of(group) == {
        "merged_into": ["Use the merge action: a merged group needs the LCPC it joined."]
    }


def test_clean_explains_merge_target_on_an_active_group():
    group = GroupFactory()
    group.merged_into = GroupFactory(kind=Group.Kind.LCPC)
    group.merged_on = datetime.date(2014, 6, 1)

    assert errors_of(group) == {"status": ["A group merged into another must have status merged."]}


def test_clean_never_shows_a_raw_constraint_message_for_a_merge_without_date():
    group = GroupFactory()
    group.status = Group.Status.MERGED
    group.merged_into = GroupFactory(kind=Group.Kind.LCPC)

    errors = errors_of(group)

    assert "merged_on" in errors
    assert not [m for messages in errors.values() for m in messages if "Constraint" in m]


def test_clean_explains_user_without_organisation():
    user = UserFactory.build(organisation=None, role=User.Role.FACILITATOR)

    assert errors_of(user) == {
        "organisation": ["Every role except administrator needs an organisation."]
    }


def test_clean_accepts_administrator_without_organisation():
    UserFactory.build(organisation=None, role=User.Role.ADMIN).full_clean()


def test_clean_explains_person_with_neither_age_band_nor_birth_year():
    person = PersonFactory()
    person.age_band = ""

    assert errors_of(person) == {"age_band": ["Give an age band or a birth year."]}


def test_clean_refuses_birth_year_in_the_future():
    person = PersonFactory()
    person.birth_year = timezone.localdate().year + 1

    assert errors_of(person) == {"birth_year": ["The birth year cannot be in the future."]}


def test_clean_refuses_consent_dated_in_the_future():
    person = PersonFactory()
    person.consent_date = timezone.localdate() + datetime.timedelta(days=1)

    assert errors_of(person) == {"consent_date": ["Consent cannot be dated in the future."]}


# Person.save derives the age band.


@pytest.mark.parametrize(
    ("age", "band"),
    [
        (10, AgeBand.CHILD),
        (14, AgeBand.YOUTH_14_17),
        (17, AgeBand.YOUTH_14_17),
        (18, AgeBand.YOUTH_18_28),
        (28, AgeBand.YOUTH_18_28),
        (29, AgeBand.ADULT_29_45),
        (59, AgeBand.ADULT_46_59),
        (60, AgeBand.ELDER),
    ],
)
def test_saving_a_person_derives_the_age_band_from_the_birth_year(age, band):
    person = PersonFactory(age_band="", birth_year=timezone.localdate().year - age)

    assert Person.objects.get(pk=person.pk).age_band == band


def test_saving_a_person_replaces_a_stale_age_band_with_the_birth_years():
    person = PersonFactory(age_band=AgeBand.ELDER, birth_year=timezone.localdate().year - 20)

    person.refresh_from_db()
    assert person.age_band == AgeBand.YOUTH_18_28
    assert person.is_youth


def test_saving_a_person_keeps_the_age_band_when_no_birth_year_is_known():
    person = PersonFactory(age_band=AgeBand.ADULT_46_59, birth_year=None)

    person.refresh_from_db()
    assert person.age_band == AgeBand.ADULT_46_59
    assert not person.is_youth


# __str__ of every model.


def test_organisation_reads_as_its_short_name_or_its_name():
    assert str(OrganisationFactory(name="Saferworld", short_name="")) == "Saferworld"
    fti = OrganisationFactory(name="Foundation for Tolerance International", short_name="FTI")
    assert str(fti) == "FTI"


def test_user_reads_as_full_name_or_username():
    assert str(UserFactory(first_name="Aida", last_name="Osmonova")) == "Aida Osmonova"
    assert str(UserFactory(username="field1", first_name="", last_name="")) == "field1"


def test_places_read_with_their_names():
    region = RegionFactory(name="Batken")
    district = DistrictFactory(region=region, name="Isfara")
    community = CommunityFactory(district=district, name="Vorukh")

    assert str(region) == "Batken (Kyrgyzstan)"
    assert str(district) == "Isfara"
    assert str(community) == "Vorukh"


def test_ethnic_share_reads_as_ethnicity_and_percent():
    share = EthnicShareFactory(ethnicity=Ethnicity.UZBEK, percent="45.5")
    share.refresh_from_db()

    assert str(share) == "Uzbek 45.50%"


def test_programme_group_and_person_read_as_their_names():
    assert str(ProgrammeFactory(name="Ferghana Valley community security")) == (
        "Ferghana Valley community security"
    )
    assert str(GroupFactory(name="Mirmahmudov LCPC")) == "Mirmahmudov LCPC"
    assert str(PersonFactory(full_name="Bakyt Toktogulov")) == "Bakyt Toktogulov"


def test_membership_reads_as_person_group_and_role():
    membership = MembershipFactory(
        person=PersonFactory(full_name="Bakyt Toktogulov"),
        group=GroupFactory(name="Mirmahmudov LCPC"),
        role=Membership.Role.CHAIR,
    )

    assert str(membership) == "Bakyt Toktogulov - Mirmahmudov LCPC (Chair)"
