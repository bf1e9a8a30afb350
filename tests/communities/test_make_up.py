"""Group.objects.with_make_up(): who sits in a group on a given day, counted in SQL."""

import datetime

import pytest
from django.utils import timezone

from communities.models import AgeBand, Ethnicity, Gender, Group, Membership
from tests.factories import GroupFactory, MembershipFactory, PersonFactory

pytestmark = pytest.mark.django_db

ON = datetime.date(2015, 6, 1)
Sector = Membership.Sector


def member(
    group: Group,
    *,
    gender: str = Gender.MALE,
    age_band: str = AgeBand.ADULT_29_45,
    ethnicity: str = Ethnicity.KYRGYZ,
    sector: str = Sector.COMMUNITY,
    start: datetime.date = datetime.date(2014, 1, 1),
    end: datetime.date | None = None,
) -> Membership:
    person = PersonFactory(gender=gender, age_band=age_band, ethnicity=ethnicity)
    return MembershipFactory(person=person, group=group, sector=sector, start=start, end=end)


def make_up(group: Group, on: datetime.date | None = ON) -> dict:
    annotated = Group.objects.with_make_up(on=on).get(pk=group.pk)
    return {
        "members": annotated.members,
        "women": annotated.women,
        "youth": annotated.youth,
        "ethnic_groups": annotated.ethnic_groups,
        "has_police": annotated.has_police,
        "has_local_authority": annotated.has_local_authority,
    }


EMPTY = {
    "members": 0,
    "women": 0,
    "youth": 0,
    "ethnic_groups": 0,
    "has_police": False,
    "has_local_authority": False,
}


def test_it_counts_members_women_youth_ethnic_groups_police_and_local_authority():
    group = GroupFactory()
    member(group, gender=Gender.FEMALE, age_band=AgeBand.YOUTH_18_28, ethnicity=Ethnicity.KYRGYZ)
    member(
        group,
        age_band=AgeBand.YOUTH_14_17,
        ethnicity=Ethnicity.UZBEK,
        sector=Sector.YOUTH_COMMITTEE,
    )
    member(group, ethnicity=Ethnicity.NOT_STATED, sector=Sector.NEIGHBOURHOOD_INSPECTOR)
    member(
        group,
        gender=Gender.FEMALE,
        age_band=AgeBand.ELDER,
        ethnicity=Ethnicity.UZBEK,
        sector=Sector.LOCAL_AUTHORITY,
    )

    assert make_up(group) == {
        "members": 4,
        "women": 2,
        "youth": 2,
        "ethnic_groups": 2,
        "has_police": True,
        "has_local_authority": True,
    }


@pytest.mark.parametrize(
    ("age_band", "is_youth"),
    [
        (AgeBand.CHILD, False),
        (AgeBand.YOUTH_14_17, True),
        (AgeBand.YOUTH_18_28, True),
        (AgeBand.ADULT_29_45, False),
        (AgeBand.ADULT_46_59, False),
        (AgeBand.ELDER, False),
    ],
)
def test_only_the_14_to_28_bands_count_as_youth(age_band, is_youth):
    group = GroupFactory()
    member(group, age_band=age_band)

    assert make_up(group)["youth"] == (1 if is_youth else 0)


def test_not_stated_ethnicity_is_not_an_ethnic_group_but_other_is():
    group = GroupFactory()
    member(group, ethnicity=Ethnicity.NOT_STATED)
    member(group, ethnicity=Ethnicity.NOT_STATED)
    member(group, ethnicity=Ethnicity.OTHER)
    member(group, ethnicity=Ethnicity.TAJIK)
    member(group, ethnicity=Ethnicity.TAJIK)

    assert make_up(group)["ethnic_groups"] == 2


@pytest.mark.parametrize(
    ("sector", "has_police", "has_local_authority"),
    [
        (Sector.NEIGHBOURHOOD_INSPECTOR, True, False),
        (Sector.JUVENILE_INSPECTOR, True, False),
        (Sector.BORDER_SERVICE, False, False),
        (Sector.LOCAL_AUTHORITY, False, True),
        (Sector.ELDERS_COURT, False, False),
    ],
)
def test_police_means_a_neighbourhood_or_juvenile_inspector(
    sector, has_police, has_local_authority
):
    group = GroupFactory()
    member(group, sector=sector)

    figures = make_up(group)
    assert (figures["has_police"], figures["has_local_authority"]) == (
        has_police,
        has_local_authority,
    )


def test_ended_and_future_memberships_are_not_counted():
    group = GroupFactory()
    member(group)
    member(
        group,
        gender=Gender.FEMALE,
        age_band=AgeBand.YOUTH_18_28,
        ethnicity=Ethnicity.TAJIK,
        sector=Sector.NEIGHBOURHOOD_INSPECTOR,
        end=ON - datetime.timedelta(days=1),
    )
    member(
        group,
        gender=Gender.FEMALE,
        age_band=AgeBand.YOUTH_14_17,
        ethnicity=Ethnicity.UZBEK,
        sector=Sector.LOCAL_AUTHORITY,
        start=ON + datetime.timedelta(days=1),
    )

    assert make_up(group) == {
        "members": 1,
        "women": 0,
        "youth": 0,
        "ethnic_groups": 1,
        "has_police": False,
        "has_local_authority": False,
    }


def test_memberships_starting_or_ending_on_the_day_are_counted():
    group = GroupFactory()
    member(group, start=ON, sector=Sector.JUVENILE_INSPECTOR)
    member(group, end=ON, sector=Sector.LOCAL_AUTHORITY)

    figures = make_up(group)
    assert (figures["members"], figures["has_police"], figures["has_local_authority"]) == (
        2,
        True,
        True,
    )


def test_on_gives_the_make_up_of_a_past_day():
    group = GroupFactory()
    member(group, start=datetime.date(2014, 1, 1))
    member(
        group,
        gender=Gender.FEMALE,
        ethnicity=Ethnicity.UZBEK,
        sector=Sector.LOCAL_AUTHORITY,
        start=datetime.date(2014, 1, 1),
        end=datetime.date(2014, 12, 31),
    )
    member(group, age_band=AgeBand.YOUTH_18_28, start=datetime.date(2015, 3, 1))

    assert make_up(group, on=datetime.date(2014, 6, 1)) == {
        "members": 2,
        "women": 1,
        "youth": 0,
        "ethnic_groups": 2,
        "has_police": False,
        "has_local_authority": True,
    }
    assert make_up(group, on=ON) == {
        "members": 2,
        "women": 0,
        "youth": 1,
        "ethnic_groups": 1,
        "has_police": False,
        "has_local_authority": False,
    }


def test_without_on_it_gives_todays_make_up():
    today = timezone.localdate()
    group = GroupFactory()
    member(group, start=today - datetime.timedelta(days=30))
    member(group, start=today - datetime.timedelta(days=30), end=today - datetime.timedelta(days=1))
    member(group, start=today + datetime.timedelta(days=1))

    assert make_up(group, on=None)["members"] == 1


def test_a_person_with_two_running_memberships_counts_once():
    group = GroupFactory()
    first = member(
        group,
        gender=Gender.FEMALE,
        age_band=AgeBand.YOUTH_18_28,
        ethnicity=Ethnicity.UZBEK,
        start=datetime.date(2014, 1, 1),
        end=datetime.date(2015, 12, 31),
    )
    MembershipFactory(person=first.person, group=group, sector=Sector.LOCAL_AUTHORITY, start=ON)

    assert make_up(group) == {
        "members": 1,
        "women": 1,
        "youth": 1,
        "ethnic_groups": 1,
        "has_police": False,
        "has_local_authority": True,
    }


def test_a_group_without_members_has_zero_and_false():
    assert make_up(GroupFactory()) == EMPTY


def test_a_group_with_only_ended_memberships_has_zero_and_false():
    group = GroupFactory()
    member(group, sector=Sector.NEIGHBOURHOOD_INSPECTOR, end=datetime.date(2014, 12, 31))

    assert make_up(group) == EMPTY


def test_several_groups_in_one_query_keep_their_own_figures():
    mixed = GroupFactory(name="Bazar-Korgon CSWG")
    member(mixed, gender=Gender.FEMALE, ethnicity=Ethnicity.UZBEK)
    member(mixed, age_band=AgeBand.YOUTH_14_17, sector=Sector.JUVENILE_INSPECTOR)
    member(mixed, ethnicity=Ethnicity.TAJIK)
    mahalla = GroupFactory(name="Vorukh mahalla committee", kind=Group.Kind.MAHALLA)
    member(mahalla, ethnicity=Ethnicity.TAJIK, sector=Sector.LOCAL_AUTHORITY)
    empty = GroupFactory(name="Somonion CSWG")
    # The same person in two groups counts in each of them.
    shared = member(mixed, gender=Gender.FEMALE, age_band=AgeBand.YOUTH_18_28)
    MembershipFactory(person=shared.person, group=mahalla)

    figures = {
        group.name: (
            group.members,
            group.women,
            group.youth,
            group.ethnic_groups,
            group.has_police,
            group.has_local_authority,
        )
        for group in Group.objects.with_make_up(on=ON)
    }

    assert figures == {
        mixed.name: (4, 2, 2, 3, True, False),
        mahalla.name: (2, 1, 1, 2, False, True),
        empty.name: (0, 0, 0, 0, False, False),
    }


@pytest.mark.parametrize("size", [2, 20])
def test_the_make_up_of_many_groups_takes_one_query(size, django_assert_num_queries):
    for _ in range(size):
        group = GroupFactory()
        member(group, sector=Sector.NEIGHBOURHOOD_INSPECTOR)
        member(group, gender=Gender.FEMALE, sector=Sector.LOCAL_AUTHORITY)

    with django_assert_num_queries(1):
        groups = list(Group.objects.with_make_up(on=ON))

    assert len(groups) == size
    assert {(g.members, g.women, g.has_police, g.has_local_authority) for g in groups} == {
        (2, 1, True, True)
    }
