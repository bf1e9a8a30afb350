"""factory-boy factories for every model; tests build their data with these."""

import datetime

import factory
from django.contrib.auth.hashers import make_password

from communities.models import (
    AgeBand,
    Community,
    Country,
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

PASSWORD = "test-pass-2026"
# Hashing once keeps factories fast; the plain text is PASSWORD.
HASHED_PASSWORD = make_password(PASSWORD)


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Partner organisation {n}")
    kind = Organisation.Kind.LOCAL_NGO
    country = Country.KYRGYZSTAN


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    password = HASHED_PASSWORD
    organisation = factory.SubFactory(OrganisationFactory)
    role = User.Role.FACILITATOR


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ("country", "name")

    country = Country.KYRGYZSTAN
    name = "Osh"


class DistrictFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = District
        django_get_or_create = ("region", "name")

    region = factory.SubFactory(RegionFactory)
    name = "Nookat"


class CommunityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Community

    name = factory.Sequence(lambda n: f"Community {n}")
    district = factory.SubFactory(DistrictFactory)
    kind = Community.Kind.VILLAGE
    population = 5000
    latitude = factory.Faker("pydecimal", left_digits=2, right_digits=5, min_value=39, max_value=41)
    longitude = factory.Faker(
        "pydecimal", left_digits=2, right_digits=5, min_value=70, max_value=73
    )
    status = Community.Status.ACTIVE


class EthnicShareFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EthnicShare

    community = factory.SubFactory(CommunityFactory)
    ethnicity = Ethnicity.KYRGYZ
    percent = 60


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programme
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Programme {n}")
    start = datetime.date(2014, 1, 1)
    end = datetime.date(2016, 12, 31)

    @factory.post_generation
    def donors(self, create, extracted, **kwargs):
        if create and extracted:
            self.donors.set(extracted)

    @factory.post_generation
    def implementing_partners(self, create, extracted, **kwargs):
        if create and extracted:
            self.implementing_partners.set(extracted)

    @factory.post_generation
    def communities(self, create, extracted, **kwargs):
        if create and extracted:
            self.communities.set(extracted)


class GroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Group
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Working group {n}")
    kind = Group.Kind.CSWG
    partner = factory.SubFactory(OrganisationFactory)
    programme = factory.SubFactory(ProgrammeFactory)
    established = datetime.date(2013, 3, 1)

    @factory.post_generation
    def communities(self, create, extracted, **kwargs):
        if not create:
            return
        self.communities.set(extracted if extracted is not None else [CommunityFactory()])

    @factory.post_generation
    def facilitators(self, create, extracted, **kwargs):
        if create and extracted:
            self.facilitators.set(extracted)


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    full_name = factory.Faker("name")
    gender = Gender.FEMALE
    age_band = AgeBand.ADULT_29_45
    ethnicity = Ethnicity.KYRGYZ
    organisation = factory.SubFactory(OrganisationFactory)
    consent_date = datetime.date(2014, 2, 1)
    consent_basis = Person.ConsentBasis.WRITTEN
    consent_recorded_by = factory.SubFactory(
        UserFactory, organisation=factory.SelfAttribute("..organisation")
    )


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    person = factory.SubFactory(PersonFactory)
    group = factory.SubFactory(GroupFactory)
    role = Membership.Role.MEMBER
    sector = Membership.Sector.COMMUNITY
    start = datetime.date(2014, 1, 1)
